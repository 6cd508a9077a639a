import * as path from 'path';
import { ModuleResolver } from '../project/moduleResolver';
import { readPathsConfig, type PathsConfig } from '../project/tsconfigPaths';
import type { FileReader } from './index';

interface Alias {
  pattern: string;
  /** Absolute target, with `*` kept where the pattern has one. */
  target: string;
}

/** The project's tsconfig as the editor sees it, read by the same code as the analysis. */
function pathsConfig(root: string, reader: FileReader): PathsConfig {
  return readPathsConfig(path.join(root, 'tsconfig.json'), (file) => reader.read(file));
}

/** The `compilerOptions.paths` aliases of `root/tsconfig.json`, `extends` followed. */
export function readPathAliases(root: string, reader: FileReader): Alias[] {
  const config = pathsConfig(root, reader);
  return Object.entries(config.paths).flatMap(([pattern, targets]) => targets.map((t) => ({ pattern, target: path.resolve(config.pathsBase, t) })));
}

function stripTsExtension(file: string): string {
  return file.replace(/\.(d\.)?tsx?$/, '');
}

/**
 * How `fromFile` should import `targetFile`: relatively when the target is in the same folder; else
 * the project's `paths` alias when the target lives under an aliased folder (the most specific alias
 * wins); else a relative path.
 */
export function moduleSpecifierFor(fromFile: string, targetFile: string, root: string, reader: FileReader): string {
  const target = stripTsExtension(path.resolve(targetFile));
  let rel = path.relative(path.dirname(path.resolve(fromFile)), target).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  // A sibling file is imported relatively, as projects with aliases still do.
  if (rel.startsWith('./') && !rel.slice(2).includes('/')) return rel;
  let best: { spec: string; weight: number } | undefined;
  for (const alias of readPathAliases(root, reader)) {
    const star = alias.target.indexOf('*');
    if (star < 0) {
      if (stripTsExtension(alias.target) === target && !alias.pattern.includes('*')) best = { spec: alias.pattern, weight: Infinity };
      continue;
    }
    const prefix = alias.target.slice(0, star);
    const suffix = stripTsExtension(alias.target.slice(star + 1));
    if (!target.startsWith(prefix) || !target.endsWith(suffix)) continue;
    const middle = target.slice(prefix.length, target.length - suffix.length).split(path.sep).join('/');
    const spec = alias.pattern.replace('*', middle);
    if (!best || prefix.length > best.weight) best = { spec, weight: prefix.length };
  }
  return best ? best.spec : rel;
}

/**
 * Resolves a relative or aliased module specifier written in `fromFile` to an absolute `.ts` file,
 * or undefined (packages, missing files): the analysis's resolver over the editor's view of the files.
 */
export function resolveModule(fromFile: string, spec: string, root: string, reader: FileReader): string | undefined {
  const exists = (file: string): boolean => reader.exists(file) && reader.read(file) !== undefined;
  const resolved = new ModuleResolver(pathsConfig(root, reader), exists).resolve(spec, fromFile);
  return resolved.kind === 'file' && /\.tsx?$/.test(resolved.path) && !resolved.path.endsWith('.d.ts') ? resolved.path : undefined;
}
