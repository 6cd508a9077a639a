/**
 * The packages of an npm/yarn/pnpm workspace, found without `node_modules` (a fresh clone in CI):
 * the `workspaces` globs of the root package.json (array or `{ packages }`) or the `packages` of
 * `pnpm-workspace.yaml`, expanded with picomatch over the folders, each folder's package.json
 * giving its name. A package name then resolves to its TypeScript sources (see packageEntry.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import picomatch from 'picomatch';
import { parse as parseYaml } from 'yaml';

export interface WorkspacePackage {
  name: string;
  /** Absolute folder. */
  dir: string;
  manifest: PackageManifest;
}

export interface PackageManifest {
  name?: string;
  main?: string;
  types?: string;
  typings?: string;
  exports?: unknown;
  workspaces?: string[] | { packages?: string[] };
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', '.turbo', '.cache']);
const MAX_DEPTH = 5;
const MAX_DIRS = 20000;

export function readManifest(dir: string): PackageManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageManifest;
  } catch {
    return undefined;
  }
}

/** The workspace root at or above `start` (bounded), with its package globs; undefined outside a workspace. */
export function findWorkspaceRoot(start: string): { root: string; patterns: string[] } | undefined {
  let dir = path.resolve(start);
  for (let i = 0; i < 8; i++) {
    const patterns = workspacePatterns(dir);
    if (patterns) return { root: dir, patterns };
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function workspacePatterns(dir: string): string[] | undefined {
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  if (fs.existsSync(pnpm)) {
    try {
      const doc = parseYaml(fs.readFileSync(pnpm, 'utf8')) as { packages?: unknown } | null;
      const list = Array.isArray(doc?.packages) ? doc.packages.filter((p): p is string => typeof p === 'string') : [];
      return list;
    } catch {
      return [];
    }
  }
  const ws = readManifest(dir)?.workspaces;
  if (Array.isArray(ws)) return ws.filter((p) => typeof p === 'string');
  if (ws && Array.isArray(ws.packages)) return ws.packages.filter((p) => typeof p === 'string');
  return undefined;
}

/** Every package of the workspace, by name (the first folder wins when two claim one name). */
export function workspacePackages(start: string): Map<string, WorkspacePackage> {
  const out = new Map<string, WorkspacePackage>();
  const ws = findWorkspaceRoot(start);
  if (!ws) return out;
  const include = ws.patterns.filter((p) => !p.startsWith('!')).map(normalise);
  const exclude = ws.patterns.filter((p) => p.startsWith('!')).map((p) => normalise(p.slice(1)));
  if (include.length === 0) return out;
  const isIncluded = picomatch(include, { dot: false });
  const isExcluded = exclude.length ? picomatch(exclude, { dot: false }) : () => false;
  let visited = 0;
  const walk = (dir: string, rel: string, depthLeft: number): void => {
    if (depthLeft <= 0 || visited++ > MAX_DIRS) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (!e.isDirectory() || SKIP.has(e.name) || e.name.startsWith('.')) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const childDir = path.join(dir, e.name);
      if (isIncluded(childRel) && !isExcluded(childRel)) {
        const manifest = readManifest(childDir);
        if (manifest?.name && !out.has(manifest.name)) out.set(manifest.name, { name: manifest.name, dir: childDir, manifest });
      }
      walk(childDir, childRel, depthLeft - 1);
    }
  };
  // Walk only below each pattern's literal base, as deep as its glob part can reach.
  for (const pattern of include) {
    const { base, glob } = picomatch.scan(pattern);
    const depth = glob.includes('**') ? MAX_DEPTH : glob ? glob.split('/').length : 0;
    const baseDir = path.join(ws.root, base);
    if (!glob) {
      const manifest = readManifest(baseDir);
      if (manifest?.name && !out.has(manifest.name)) out.set(manifest.name, { name: manifest.name, dir: baseDir, manifest });
      continue;
    }
    walk(baseDir, base, depth);
  }
  return out;
}

/** `./packages/*` and `packages/*\/` as picomatch wants them. */
function normalise(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '');
}
