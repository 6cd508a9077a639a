/**
 * The TypeScript source a workspace package's entry stands for. Its `exports` (the `.` or subpath
 * entry, any condition), `types`, `typings` and `main` usually name build output (`dist/index.js`,
 * `dist/index.d.ts`): each is tried as written, then with the output folder mapped to `src/` or
 * dropped, then `src/index.ts` and `index.ts`.
 */
import * as path from 'path';
import type { PackageManifest } from './workspaces';

/** Conditions in the order a TypeScript-aware reader prefers them. */
const CONDITIONS = ['types', 'typescript', 'source', 'development', 'import', 'require', 'node', 'default'];
/** A build output folder, with the module-format folder some packages nest in it (`dist/cjs/`). */
const OUTPUT_DIR = /^(dist|build|lib|out|esm|cjs)(\/(cjs|esm|commonjs|module|types|node))?(\/|$)/;

/** `resolve(base)` finds a source file for a path without extension (or with a .js one), like tsc. */
export function packageSourceEntry(dir: string, manifest: PackageManifest, subpath: string, resolve: (base: string) => string | undefined): string | undefined {
  const targets = [...exportTargets(manifest.exports, subpath)];
  if (!subpath) targets.push(...[manifest.types, manifest.typings, manifest.main].filter((t): t is string => typeof t === 'string'));
  for (const target of targets) {
    for (const candidate of sourceCandidates(target)) {
      const found = resolve(path.resolve(dir, candidate));
      if (found && !found.endsWith('.d.ts')) return found;
    }
  }
  const fallbacks = subpath ? [path.join('src', subpath), subpath] : ['src/index', 'index', 'src'];
  for (const f of fallbacks) {
    const found = resolve(path.resolve(dir, f));
    if (found && !found.endsWith('.d.ts')) return found;
  }
  return undefined;
}

/** String targets of `exports` for `.` or `./subpath` (patterns with `*` included), best condition first. */
function exportTargets(exports: unknown, subpath: string): string[] {
  if (exports === undefined || exports === null) return [];
  const key = subpath ? `./${subpath}` : '.';
  if (typeof exports === 'string' || Array.isArray(exports)) return key === '.' ? flatten(exports) : [];
  if (typeof exports !== 'object') return [];
  const entries = Object.entries(exports as Record<string, unknown>);
  const isSubpathMap = entries.some(([k]) => k.startsWith('.'));
  if (!isSubpathMap) return key === '.' ? flatten(exports) : [];
  const exact = (exports as Record<string, unknown>)[key];
  if (exact !== undefined) return flatten(exact);
  for (const [pattern, target] of entries) {
    const star = pattern.indexOf('*');
    if (star < 0) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (key.startsWith(prefix) && key.endsWith(suffix) && key.length >= prefix.length + suffix.length) {
      const captured = key.slice(prefix.length, key.length - suffix.length);
      return flatten(target).map((t) => t.split('*').join(captured));
    }
  }
  return [];
}

function flatten(target: unknown): string[] {
  if (typeof target === 'string') return [target];
  if (Array.isArray(target)) return target.flatMap(flatten);
  if (!target || typeof target !== 'object') return [];
  const obj = target as Record<string, unknown>;
  const keys = [...CONDITIONS.filter((c) => c in obj), ...Object.keys(obj).filter((k) => !CONDITIONS.includes(k))];
  return keys.flatMap((k) => flatten(obj[k]));
}

/** `./dist/index.d.ts` gives `dist/index`, `src/index`, `index`. */
function sourceCandidates(target: string): string[] {
  const rel = target.replace(/^\.\//, '').replace(/\.d\.(c|m)?ts$/, '').replace(/\.(c|m)?js$/, '');
  const out = [rel];
  if (OUTPUT_DIR.test(rel)) {
    const inner = rel.replace(OUTPUT_DIR, '');
    out.push(path.posix.join('src', inner), inner || 'index');
  }
  return out;
}
