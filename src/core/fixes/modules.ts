import * as path from 'path';
import { Node, SyntaxKind, type CallExpression, type ClassDeclaration, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import type { FileReader } from './index';
import { arrayNames, propertyValue } from './literals';
import { parseFile } from './parse';
import { resolveModule } from './tsconfigPaths';

export interface ModuleInfo {
  name: string;
  file: string;
  controllers: string[];
}

const MAX_MODULES = 200;

/** `NestFactory.create(...)` (or `createApplicationContext`) in a parsed bootstrap file. */
export function findCreateCall(sf: SourceFile): CallExpression | undefined {
  return sf.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => {
    const e = c.getExpression();
    return Node.isPropertyAccessExpression(e) && e.getExpression().getText() === 'NestFactory' && e.getName() === 'create';
  });
}

/** The `@Module({...})` metadata object of a class, when written as an object literal. */
export function moduleMetadata(cls: ClassDeclaration): ObjectLiteralExpression | undefined {
  const d = cls.getDecorator('Module');
  return d?.getArguments()[0]?.asKind(SyntaxKind.ObjectLiteralExpression);
}

/** Resolves a name used in `sf` to the file that declares it (through its import), or `sf` itself. */
export function fileDeclaring(sf: SourceFile, name: string, root: string, reader: FileReader): string | undefined {
  if (sf.getClass(name)) return sf.getFilePath();
  for (const d of sf.getImportDeclarations()) {
    if (d.getNamedImports().some((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name)) {
      return resolveModule(sf.getFilePath(), d.getModuleSpecifierValue(), root, reader);
    }
  }
  return undefined;
}

/** The root module passed to `NestFactory.create` in the bootstrap file. */
export function rootModule(root: string, reader: FileReader, bootstrapFile: string): { name: string; file: string } | undefined {
  const text = reader.read(bootstrapFile);
  if (text === undefined) return undefined;
  const parsed = parseFile(bootstrapFile, text);
  if (!parsed.ok) return undefined;
  const arg = findCreateCall(parsed.sf)?.getArguments()[0];
  if (!arg || !Node.isIdentifier(arg)) return undefined;
  const file = fileDeclaring(parsed.sf, arg.getText(), root, reader);
  return file ? { name: arg.getText(), file } : undefined;
}

/** Every module reachable from the root module through `imports: [...]`, in breadth-first order. */
export function reachableModules(root: string, reader: FileReader, start: { name: string; file: string }): ModuleInfo[] {
  const out: ModuleInfo[] = [];
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0 && out.length < MAX_MODULES) {
    const next = queue.shift();
    if (!next || seen.has(`${next.file}#${next.name}`)) continue;
    seen.add(`${next.file}#${next.name}`);
    const text = reader.read(next.file);
    const parsed = text === undefined ? undefined : parseFile(next.file, text);
    if (!parsed?.ok) continue;
    const meta = parsed.sf.getClass(next.name);
    const obj = meta ? moduleMetadata(meta) : undefined;
    if (!obj) continue;
    const list = (key: string): string[] => {
      const v = propertyValue(obj, key)?.asKind(SyntaxKind.ArrayLiteralExpression);
      return v ? arrayNames(v) : [];
    };
    out.push({ name: next.name, file: next.file, controllers: list('controllers') });
    for (const imported of list('imports')) {
      const file = fileDeclaring(parsed.sf, imported, root, reader);
      if (file) queue.push({ name: imported, file });
    }
  }
  return out;
}

/** Modules of files listed by the reader (when it can list them), for controllers not reachable by imports. */
export function listedModules(reader: FileReader): ModuleInfo[] {
  const out: ModuleInfo[] = [];
  for (const file of reader.listFiles?.() ?? []) {
    const text = reader.read(file);
    if (text === undefined || !text.includes('@Module')) continue;
    const parsed = parseFile(path.resolve(file), text);
    if (!parsed.ok) continue;
    for (const cls of parsed.sf.getClasses()) {
      const obj = moduleMetadata(cls);
      const v = obj && propertyValue(obj, 'controllers')?.asKind(SyntaxKind.ArrayLiteralExpression);
      if (obj) out.push({ name: cls.getName() ?? '', file, controllers: v ? arrayNames(v) : [] });
    }
  }
  return out;
}

/** The module that declares `controllerName`, else undefined. */
export function declaringModule(root: string, reader: FileReader, bootstrapFile: string, controllerName: string): ModuleInfo | undefined {
  const start = rootModule(root, reader, bootstrapFile);
  const reachable = start ? reachableModules(root, reader, start) : [];
  return [...reachable, ...listedModules(reader)].find((m) => m.controllers.includes(controllerName));
}

/**
 * The bootstrap file: the one given, else `<root>/src/main.ts`, else (when the reader can list files)
 * the first file calling `NestFactory.create`, preferring files under `src/`.
 */
export function bootstrapFileOf(root: string, reader: FileReader, given?: string): string {
  if (given) return given;
  const main = path.join(root, 'src', 'main.ts');
  if (reader.exists(main)) return main;
  const callers = (reader.listFiles?.() ?? []).filter((f) => /NestFactory\s*\.\s*create\s*[<(]/.test(reader.read(f) ?? ''));
  const src = path.join(root, 'src') + path.sep;
  return callers.find((f) => f.startsWith(src)) ?? callers[0] ?? main;
}
