import * as path from 'path';
import * as ts from 'typescript';
import type { FileReader } from './index';

interface Alias {
  pattern: string;
  /** Absolute target, with `*` kept where the pattern has one. */
  target: string;
}

/** The `compilerOptions.paths` aliases of `root/tsconfig.json` (following one relative `extends`). */
export function readPathAliases(root: string, reader: FileReader): Alias[] {
  return aliasesOf(path.join(root, 'tsconfig.json'), reader, 0);
}

function aliasesOf(configFile: string, reader: FileReader, depth: number): Alias[] {
  const text = reader.read(configFile);
  if (text === undefined || depth > 3) return [];
  const parsed = ts.parseConfigFileTextToJson(configFile, text);
  const config = parsed.config as { extends?: unknown; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } } | undefined;
  if (!config) return [];
  const dir = path.dirname(configFile);
  const opts = config.compilerOptions ?? {};
  if (opts.paths) {
    const base = path.resolve(dir, opts.baseUrl ?? '.');
    return Object.entries(opts.paths).flatMap(([pattern, targets]) =>
      targets.map((t) => ({ pattern, target: path.resolve(base, t) })),
    );
  }
  if (typeof config.extends === 'string' && config.extends.startsWith('.')) {
    const parent = path.resolve(dir, config.extends.endsWith('.json') ? config.extends : `${config.extends}.json`);
    return aliasesOf(parent, reader, depth + 1);
  }
  return [];
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
 * or undefined (packages, missing files).
 */
export function resolveModule(fromFile: string, spec: string, root: string, reader: FileReader): string | undefined {
  const candidates: string[] = [];
  if (spec.startsWith('.')) {
    candidates.push(path.resolve(path.dirname(fromFile), spec));
  } else {
    for (const alias of readPathAliases(root, reader)) {
      const star = alias.pattern.indexOf('*');
      if (star < 0) {
        if (alias.pattern === spec) candidates.push(alias.target);
        continue;
      }
      const pre = alias.pattern.slice(0, star);
      const post = alias.pattern.slice(star + 1);
      if (spec.startsWith(pre) && spec.endsWith(post) && spec.length >= pre.length + post.length) {
        candidates.push(alias.target.replace('*', spec.slice(pre.length, spec.length - post.length)));
      }
    }
  }
  for (const c of candidates) {
    for (const file of [c, `${c}.ts`, `${c}.tsx`, path.join(c, 'index.ts')]) {
      if (/\.tsx?$/.test(file) && reader.exists(file) && reader.read(file) !== undefined) return file;
    }
  }
  return undefined;
}
