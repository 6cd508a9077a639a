import * as path from 'path';
import { Node, SyntaxKind, type Expression, type SourceFile } from 'ts-morph';
import type { FileReader } from './index';
import { parseFile } from './parse';
import { resolveModule } from './tsconfigPaths';

/** Metadata key or decorator the guard must read, with the file that exports the name (if a name). */
export interface MarkerKey {
  /** Expression text: `'roles'`, `ROLES_KEY`, `Roles`. */
  expr: string;
  /** Absolute file exporting `expr`, when `expr` is a name. */
  file?: string;
}

/** A decorator the project defines itself (`Roles`, `Public`). */
export interface ProjectMarker {
  name: string;
  file: string;
  /** `@Roles('a', 'b')` (rest parameter) or `@Roles(['a', 'b'])` (one array, `Reflector.createDecorator`). */
  argsForm: 'spread' | 'array';
  key: MarkerKey;
}

export const PUBLIC_NAMES = ['Public', 'IsPublic', 'SkipAuth', 'AllowAnonymous'];
const MAX_FILES = 500;

/** The project's TypeScript files: the reader's list, else the files reachable by imports from `entry`. */
export function projectFiles(root: string, reader: FileReader, entry: string): string[] {
  const listed = reader.listFiles?.();
  if (listed) return listed;
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const file = queue.shift() ?? '';
    if (seen.has(file)) continue;
    const text = reader.read(file);
    if (text === undefined) continue;
    seen.add(file);
    for (const m of text.matchAll(/(?:from|import)\s+['"]([^'"]+)['"]/g)) {
      const resolved = resolveModule(file, m[1], root, reader);
      if (resolved && !seen.has(resolved)) queue.push(resolved);
    }
  }
  return [...seen];
}

/** Finds an exported decorator among `names` created with SetMetadata or Reflector.createDecorator. */
export function findProjectMarker(root: string, files: string[], reader: FileReader, names: string[]): ProjectMarker | undefined {
  for (const file of files) {
    const text = reader.read(file);
    if (text === undefined || !names.some((n) => text.includes(n))) continue;
    if (!text.includes('SetMetadata') && !text.includes('createDecorator')) continue;
    const parsed = parseFile(path.resolve(file), text);
    if (!parsed.ok) continue;
    for (const name of names) {
      const found = markerIn(parsed.sf, name, (spec) => resolveModule(path.resolve(file), spec, root, reader));
      if (found) return found;
    }
  }
  return undefined;
}

type Resolve = (spec: string) => string | undefined;

function markerIn(sf: SourceFile, name: string, resolve: Resolve): ProjectMarker | undefined {
  const file = sf.getFilePath();
  const variable = sf.getVariableDeclaration(name);
  const fn = sf.getFunction(name);
  const exported = variable?.getVariableStatement()?.isExported() ?? fn?.isExported() ?? false;
  if (!exported) return undefined;
  const init = variable?.getInitializer();
  if (init && Node.isCallExpression(init) && init.getExpression().getText() === 'Reflector.createDecorator') {
    return { name, file, argsForm: 'array', key: { expr: name, file } };
  }
  const fnLike = init && (Node.isArrowFunction(init) || Node.isFunctionExpression(init)) ? init : fn;
  if (!fnLike) return undefined;
  const setMetadata = fnLike.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => c.getExpression().getText() === 'SetMetadata');
  const keyArg = setMetadata?.getArguments()[0];
  if (!keyArg) return undefined;
  const key = keyOf(sf, keyArg as Expression, resolve);
  if (!key) return undefined;
  const params = fnLike.getParameters();
  const argsForm = params.length === 1 && params[0].isRestParameter() ? 'spread' : params.length === 0 ? 'spread' : 'array';
  return { name, file, argsForm, key };
}

/** The key as the guard should name it: a literal's text, or an exported constant with its file. */
function keyOf(sf: SourceFile, keyArg: Expression, resolve: Resolve): MarkerKey | undefined {
  if (Node.isStringLiteral(keyArg)) return { expr: `'${keyArg.getLiteralValue().replace(/'/g, "\\'")}'` };
  if (!Node.isIdentifier(keyArg)) return undefined;
  const name = keyArg.getText();
  const local = sf.getVariableDeclaration(name);
  if (local) {
    if (local.getVariableStatement()?.isExported()) return { expr: name, file: sf.getFilePath() };
    const lit = local.getInitializer();
    return lit && Node.isStringLiteral(lit) ? { expr: `'${lit.getLiteralValue().replace(/'/g, "\\'")}'` } : undefined;
  }
  for (const d of sf.getImportDeclarations()) {
    const spec = d.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
    if (spec && !spec.getAliasNode()) {
      const file = resolve(d.getModuleSpecifierValue());
      return file ? { expr: name, file } : undefined;
    }
  }
  return undefined;
}
