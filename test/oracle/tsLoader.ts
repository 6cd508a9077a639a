/**
 * Loads a fixture's TypeScript in this process: ts-node (transpile only, decorators and their
 * metadata on) plus a small resolver for the fixture's tsconfig `paths` and `baseUrl`.
 */
import * as path from 'path';
import * as ts from 'typescript';
import Module from 'module';
import type * as TsNodeModule from 'ts-node';

type TsNode = typeof TsNodeModule;

interface PathsConfig {
  dir: string;
  base: string;
  paths: Record<string, string[]>;
  baseUrl: string | undefined;
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
  if (config.baseUrl && !request.startsWith('@nestjs/')) {
    return tryResolve(resolve, path.resolve(config.baseUrl, request));
  }
  return undefined;
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
  });
}
