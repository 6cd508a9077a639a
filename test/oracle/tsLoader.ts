/**
 * Loads a fixture's TypeScript in this process: ts-node (transpile only, decorators and their
 * metadata on) plus a small resolver for the fixture's tsconfig `paths` and `baseUrl`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { parse as parseYaml } from 'yaml';
import Module from 'module';
import type * as TsNodeModule from 'ts-node';

type TsNode = typeof TsNodeModule;

interface PathsConfig {
  dir: string;
  base: string;
  paths: Record<string, string[]>;
  baseUrl: string | undefined;
  /** Workspace packages of the fixture (npm/yarn `workspaces`, pnpm-workspace.yaml), by name: what `npm install` would link. */
  packages: Map<string, string>;
}

const configs: PathsConfig[] = [];
let registered = false;

type ResolveFn = (this: unknown, request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
interface ModuleInternals {
  _resolveFilename: ResolveFn;
}

function register(): void {
  if (registered) return;
  registered = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsNode = require('ts-node') as TsNode;
  tsNode.register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: {
      module: 'commonjs',
      target: 'ES2021',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      sourceMap: false,
    },
  });
  const internals = Module as unknown as ModuleInternals;
  const original = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    const mapped = mapRequest(request, parentFile(parent), (r) => original.call(this, r, parent, isMain, options));
    return mapped ?? original.call(this, request, parent, isMain, options);
  };
}

function parentFile(parent: unknown): string | undefined {
  return (parent as { filename?: string } | undefined)?.filename ?? undefined;
}

function tryResolve(resolve: (r: string) => string, candidate: string): string | undefined {
  try {
    return resolve(candidate);
  } catch {
    return undefined;
  }
}

/** tsconfig `paths` first (as TypeScript does), then `baseUrl`-relative, for files inside a registered fixture. */
function mapRequest(request: string, from: string | undefined, resolve: (r: string) => string): string | undefined {
  if (!from || request.startsWith('.') || path.isAbsolute(request)) return undefined;
  const config = configs
    .filter((c) => from.startsWith(c.dir + path.sep))
    .sort((a, b) => b.dir.length - a.dir.length)[0];
  if (!config) return undefined;
  for (const [pattern, targets] of Object.entries(config.paths)) {
    const star = pattern.indexOf('*');
    let captured: string | undefined;
    if (star < 0) captured = pattern === request ? '' : undefined;
    else if (request.startsWith(pattern.slice(0, star)) && request.endsWith(pattern.slice(star + 1)) &&
      request.length >= pattern.length - 1) {
      captured = request.slice(star, request.length - (pattern.length - star - 1));
    }
    if (captured === undefined) continue;
    for (const target of targets) {
      const hit = tryResolve(resolve, path.resolve(config.base, target.replace('*', captured)));
      if (hit) return hit;
    }
  }
  const parts = request.split('/');
  const pkgName = request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const pkgDir = config.packages.get(pkgName);
  if (pkgDir) {
    // A linked workspace package, run from its TypeScript sources (ts-node).
    const sub = parts.slice(request.startsWith('@') ? 2 : 1).join('/');
    return tryResolve(resolve, path.join(pkgDir, 'src', sub || 'index'));
  }
  if (config.baseUrl && !request.startsWith('@nestjs/')) {
    return tryResolve(resolve, path.resolve(config.baseUrl, request));
  }
  return undefined;
}

/** `packages/*`-style workspace globs of the fixture, one level of `*`, mapped to each package's name. */
function workspacePackages(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let patterns: string[] = [];
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  const manifest = path.join(dir, 'package.json');
  if (fs.existsSync(pnpm)) {
    patterns = ((parseYaml(fs.readFileSync(pnpm, 'utf8')) as { packages?: string[] } | null)?.packages ?? []);
  } else if (fs.existsSync(manifest)) {
    const ws = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { workspaces?: string[] | { packages?: string[] } }).workspaces;
    patterns = Array.isArray(ws) ? ws : (ws?.packages ?? []);
  }
  for (const pattern of patterns) {
    const base = pattern.replace(/\/\*$/, '');
    const parent = path.join(dir, base);
    const folders = pattern.endsWith('/*') && fs.existsSync(parent) ? fs.readdirSync(parent).map((f) => path.join(parent, f)) : [parent];
    for (const folder of folders) {
      const pkg = path.join(folder, 'package.json');
      if (fs.existsSync(pkg)) out.set((JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name: string }).name, folder);
    }
  }
  return out;
}

/** Register ts-node (once) and the fixture's tsconfig `paths`/`baseUrl` (once per folder). */
export function prepareFixture(fixtureDir: string): void {
  register();
  const dir = path.resolve(fixtureDir);
  if (configs.some((c) => c.dir === dir)) return;
  const file = path.join(dir, 'tsconfig.json');
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) throw new Error(`cannot read ${file}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dir, undefined, file);
  const options = parsed.options;
  const pathsBase = (options as { pathsBasePath?: string }).pathsBasePath;
  configs.push({
    dir,
    base: options.baseUrl ?? pathsBase ?? dir,
    paths: options.paths ?? {},
    baseUrl: options.baseUrl,
    packages: workspacePackages(dir),
  });
}
