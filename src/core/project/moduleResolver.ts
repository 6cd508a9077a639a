/**
 * Resolves an import specifier to a source file path the way tsc would for a NestJS project:
 * relative paths, tsconfig `paths` and `baseUrl`, index files, `.js` specifiers that name `.ts`
 * sources. Anything else is an external package. No type checker, no program.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { PathsConfig } from './tsconfigPaths';

export type Resolution =
  | { kind: 'file'; path: string }
  | { kind: 'external'; module: string }
  | { kind: 'missing'; specifier: string };

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts'];

export class ModuleResolver {
  private readonly cache = new Map<string, Resolution>();

  /** `exists` answers for source files; by default the disk, for quick fixes the editor's view. */
  constructor(
    private readonly config: PathsConfig,
    private readonly exists: (file: string) => boolean = isFile,
  ) {}

  resolve(specifier: string, fromFile: string): Resolution {
    const key = `${path.dirname(fromFile)}\0${specifier}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.resolveUncached(specifier, fromFile);
      this.cache.set(key, hit);
    }
    return hit;
  }

  /** Files appeared or disappeared: earlier answers may be stale. */
  clear(): void {
    this.cache.clear();
  }

  private resolveUncached(specifier: string, fromFile: string): Resolution {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      const found = resolveAsFileOrDir(path.resolve(path.dirname(fromFile), specifier), this.exists);
      return found ? { kind: 'file', path: found } : { kind: 'missing', specifier };
    }
    for (const candidate of this.pathCandidates(specifier)) {
      const found = resolveAsFileOrDir(candidate, this.exists);
      if (found) return { kind: 'file', path: found };
    }
    if (this.config.baseUrl) {
      const found = resolveAsFileOrDir(path.join(this.config.baseUrl, specifier), this.exists);
      if (found) return { kind: 'file', path: found };
    }
    if (this.matchesAnyPattern(specifier)) return { kind: 'missing', specifier };
    const workspace = resolveWorkspacePackage(specifier, fromFile);
    if (workspace) return { kind: 'file', path: workspace };
    return { kind: 'external', module: specifier };
  }

  private pathCandidates(specifier: string): string[] {
    const out: string[] = [];
    // tsc prefers the pattern with the longest prefix before '*'.
    const patterns = Object.keys(this.config.paths).sort((a, b) => prefixLength(b) - prefixLength(a));
    for (const pattern of patterns) {
      const star = pattern.indexOf('*');
      let captured: string | undefined;
      if (star < 0) {
        if (pattern === specifier) captured = '';
      } else {
        const prefix = pattern.slice(0, star);
        const suffix = pattern.slice(star + 1);
        if (specifier.startsWith(prefix) && specifier.endsWith(suffix) && specifier.length >= prefix.length + suffix.length) {
          captured = specifier.slice(prefix.length, specifier.length - suffix.length);
        }
      }
      if (captured === undefined) continue;
      for (const target of this.config.paths[pattern] ?? []) {
        out.push(path.resolve(this.config.pathsBase, target.replace('*', captured)));
      }
    }
    return out;
  }

  private matchesAnyPattern(specifier: string): boolean {
    return Object.keys(this.config.paths).some((pattern) => {
      const star = pattern.indexOf('*');
      return star < 0 ? pattern === specifier : specifier.startsWith(pattern.slice(0, star));
    });
  }
}

function prefixLength(pattern: string): number {
  const star = pattern.indexOf('*');
  return star < 0 ? pattern.length + 1 : star;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function resolveAsFileOrDir(base: string, exists: (file: string) => boolean = isFile): string | undefined {
  if (/\.(ts|tsx|mts|cts)$/.test(base) && !base.endsWith('.d.ts') && exists(base)) return base;
  // ESM-style specifiers name the emitted .js file.
  const withoutJs = base.replace(/\.(c|m)?js$/, '');
  for (const stem of withoutJs === base ? [base] : [withoutJs, base]) {
    for (const ext of EXTENSIONS) if (exists(stem + ext)) return stem + ext;
  }
  for (const ext of EXTENSIONS) {
    const index = path.join(base, 'index' + ext);
    if (exists(index)) return index;
  }
  const pkg = path.join(base, 'package.json');
  if (isFile(pkg)) {
    try {
      const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { types?: string; typings?: string; main?: string };
      for (const entry of [json.types, json.typings, json.main]) {
        if (!entry) continue;
        const found = resolveAsFileOrDir(path.resolve(base, entry.replace(/\.d\.ts$/, '')), exists);
        if (found) return found;
      }
    } catch {
      // An unreadable package.json is the same as none.
    }
  }
  return undefined;
}

/**
 * A package of the same repository, linked into node_modules by npm/yarn/pnpm workspaces: read its
 * TypeScript sources like the project's own (its package.json entry, else src/index.ts). Packages
 * that really live in node_modules stay external.
 */
function resolveWorkspacePackage(specifier: string, fromFile: string): string | undefined {
  const parts = specifier.split('/');
  const pkgName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const subpath = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
  for (let dir = path.dirname(fromFile); ; dir = path.dirname(dir)) {
    const linked = path.join(dir, 'node_modules', pkgName);
    if (fs.existsSync(linked)) {
      let real: string;
      try {
        real = fs.realpathSync(linked);
      } catch {
        return undefined;
      }
      if (real.split(path.sep).includes('node_modules')) return undefined;
      // Sources first: the package entry of a workspace library usually names a build output.
      if (subpath) return resolveAsFileOrDir(path.join(real, 'src', subpath)) ?? resolveAsFileOrDir(path.join(real, subpath));
      return resolveAsFileOrDir(path.join(real, 'src')) ?? resolveAsFileOrDir(real);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
