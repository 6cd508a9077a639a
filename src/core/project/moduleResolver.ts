/**
 * Resolves an import specifier to a source file path the way tsc would for a NestJS project:
 * relative paths, tsconfig `paths` and `baseUrl`, index files, `.js` specifiers that name `.ts`
 * sources, packages of the workspace (by its globs, without node_modules, or linked into it).
 * Anything else is an external package. No type checker, no program.
 */
import * as fs from 'fs';
import { builtinModules } from 'module';
import * as path from 'path';
import { packageSourceEntry } from './packageEntry';
import type { PathsConfig } from './tsconfigPaths';
import { readManifest, type WorkspacePackage } from './workspaces';

export type Resolution =
  | { kind: 'file'; path: string }
  | { kind: 'external'; module: string }
  | { kind: 'missing'; specifier: string };

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.mts', '.cts'];

export class ModuleResolver {
  private readonly cache = new Map<string, Resolution>();
  private readonly presence = new Map<string, boolean>();

  /**
   * `exists` answers for source files; by default the disk, for quick fixes the editor's view.
   * `workspace`: the packages of the surrounding npm/yarn/pnpm workspace, by name.
   */
  constructor(
    private readonly config: PathsConfig,
    private readonly exists: (file: string) => boolean = isFile,
    private readonly workspace: ReadonlyMap<string, WorkspacePackage> = new Map(),
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
    this.presence.clear();
  }

  /**
   * Whether a `require` of the package would succeed at run time: a Node built-in, a workspace
   * package, installed in a node_modules above the file, or (a fresh clone) declared as a
   * dependency of a package.json above it. An optional dependency counts only when installed.
   */
  packagePresent(pkg: string, fromFile: string): boolean {
    const key = `${path.dirname(fromFile)}\0${pkg}`;
    let hit = this.presence.get(key);
    if (hit === undefined) {
      hit = isBuiltin(pkg) || this.workspace.has(pkg) || installedOrDeclared(pkg, path.dirname(fromFile));
      this.presence.set(key, hit);
    }
    return hit;
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
    const [pkgName, subpath] = splitSpecifier(specifier);
    // tsc falls back to node_modules when no substitution of a matching pattern exists (a catch-all
    // `"*": [...]` alias still lets packages through); an alias of nothing installed is missing.
    if (this.matchesAnyPattern(specifier) && !this.packagePresent(pkgName, fromFile)) return { kind: 'missing', specifier };
    const member = this.workspace.get(pkgName);
    const fromWorkspace = member ? packageSourceEntry(member.dir, member.manifest, subpath, (b) => resolveAsFileOrDir(b, this.exists)) : undefined;
    if (fromWorkspace) return { kind: 'file', path: fromWorkspace };
    const linked = resolveLinkedPackage(pkgName, subpath, fromFile, this.exists);
    if (linked) return { kind: 'file', path: linked };
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

function splitSpecifier(specifier: string): [string, string] {
  const parts = specifier.split('/');
  const n = specifier.startsWith('@') ? 2 : 1;
  return [parts.slice(0, n).join('/'), parts.slice(n).join('/')];
}

/**
 * A package of the same repository, linked into node_modules by npm/yarn/pnpm workspaces: read its
 * TypeScript sources like the project's own. Packages that really live in node_modules stay external.
 */
function resolveLinkedPackage(pkgName: string, subpath: string, fromFile: string, exists: (file: string) => boolean): string | undefined {
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
      return packageSourceEntry(real, readManifest(real) ?? {}, subpath, (b) => resolveAsFileOrDir(b, exists));
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isBuiltin(pkg: string): boolean {
  const name = pkg.replace(/^node:/, '');
  return builtinModules.includes(name);
}

function installedOrDeclared(pkg: string, startDir: string): boolean {
  for (let dir = startDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules', pkg))) return true;
    const m = readManifest(dir);
    if (m && [m.dependencies, m.devDependencies, m.peerDependencies].some((deps) => deps && pkg in deps)) return true;
    if (path.dirname(dir) === dir) return false;
  }
}
