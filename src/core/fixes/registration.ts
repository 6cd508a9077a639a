import { SyntaxKind } from 'ts-morph';
import { addProperties, appendToArray, arrayNames, propertyValue } from './literals';
import { moduleMetadata } from './modules';
import type { OpenedFile } from './target';

/**
 * Adds `names` to the `providers` (and, when `exportThem`, `exports`) of module class `moduleName`
 * in an opened file. Returns a refusal reason, or the names it actually added.
 */
export function registerInModule(f: OpenedFile, moduleName: string, names: string[], exportThem: boolean): string | string[] {
  const cls = f.sf.getClass(moduleName);
  const meta = cls && moduleMetadata(cls);
  if (!meta) return `@Module({...}) of ${moduleName} not found or not an object literal`;
  const added: string[] = [];
  const newProps: string[] = [];
  for (const key of exportThem ? ['providers', 'exports'] : ['providers']) {
    const value = propertyValue(meta, key);
    if (value === undefined) {
      newProps.push(`${key}: [${names.join(', ')}]`);
      added.push(...names);
      continue;
    }
    const array = value.asKind(SyntaxKind.ArrayLiteralExpression);
    if (!array) return `${key} of ${moduleName} is not an array literal; register ${names.join(', ')} by hand`;
    const present = arrayNames(array);
    const missing = names.filter((n) => !present.includes(n));
    appendToArray(f, array, missing);
    added.push(...missing);
  }
  addProperties(f, meta, newProps);
  return added;
}
