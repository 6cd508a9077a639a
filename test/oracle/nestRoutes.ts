/**
 * The runtime oracle: boots a fixture app with NestJS 11 (no port opened) and reports every HTTP
 * route Nest registered, with its effective guard chain and the metadata its guards can read.
 * Each (folder, entry) is booted once per process.
 */
import * as fs from 'fs';
import * as path from 'path';
import { withFixtureEnv } from './fixtureEnv';
import { prepareFixture } from './tsLoader';
import { installHooks, newSession, setSession, type BootSession } from './nestHooks';
import { routeMeta } from './routeMeta';
import type { OracleApp, OracleRoute } from './types';

export type { OracleApp, OracleGuard, OracleMeta, OracleRoute } from './types';

const BOOT_TIMEOUT_MS = 20000;
const cache = new Map<string, Promise<OracleApp>>();
let queue: Promise<unknown> = Promise.resolve();

export interface AppEntry {
  name: string;
  entry: string;
}

/** The applications of a fixture: one per nest-cli `application` project, else the folder itself. */
export function fixtureApps(fixtureDir: string): AppEntry[] {
  const dir = path.resolve(fixtureDir);
  const cliFile = path.join(dir, 'nest-cli.json');
  const cli = fs.existsSync(cliFile) ? JSON.parse(fs.readFileSync(cliFile, 'utf8')) : {};
  const entryOf = (sourceRoot: string | undefined, entryFile: string | undefined): string =>
    findEntry(dir, sourceRoot ?? 'src', entryFile ?? 'main');
  const projects = Object.entries<{ type?: string; sourceRoot?: string; entryFile?: string }>(cli.projects ?? {})
    .filter(([, p]) => (p.type ?? 'application') === 'application');
  const topLevel = { name: path.basename(dir), entry: entryOf(cli.sourceRoot, cli.entryFile) };
  if (projects.length === 0) return [topLevel];
  const apps = projects.map(([name, p]) => ({ name, entry: entryOf(p.sourceRoot, p.entryFile ?? cli.entryFile) }));
  // The Nest CLI builds and starts the top-level app too when it is not one of the projects.
  if (!apps.some((a) => a.entry === topLevel.entry) && fs.existsSync(path.join(dir, topLevel.entry))) apps.unshift(topLevel);
  return apps;
}

/** `<sourceRoot>/<entryFile>.ts`; when that file is missing, the first file of the source root that calls `NestFactory.create`. */
function findEntry(dir: string, sourceRoot: string, entryFile: string): string {
  const entry = path.posix.join(sourceRoot, `${entryFile}.ts`);
  const root = path.join(dir, sourceRoot);
  if (fs.existsSync(path.join(dir, entry)) || !fs.existsSync(root)) return entry;
  const found = fs.readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .find((f) => fs.readFileSync(path.join(root, f), 'utf8').includes('NestFactory.create'));
  return found ? path.posix.join(sourceRoot, found.split(path.sep).join('/')) : entry;
}

/** Every HTTP route NestJS registers for the fixture (its default app, or the one bootstrapped by `entryFile`). */
export async function registeredRoutes(fixtureDir: string, entryFile?: string): Promise<OracleRoute[]> {
  return (await bootApp(fixtureDir, entryFile)).routes;
}

/** Boot one app of a fixture (cached), recording routes and metadata. */
export function bootApp(fixtureDir: string, entryFile?: string): Promise<OracleApp> {
  const dir = path.resolve(fixtureDir);
  const apps = fixtureApps(dir);
  const app = entryFile ? apps.find((a) => a.entry === entryFile) ?? { name: path.basename(dir), entry: entryFile } : apps[0];
  const key = `${dir}\0${app.entry}`;
  let result = cache.get(key);
  if (!result) {
    // one boot at a time: the hooks record into a single current session
    result = queue.then(() => boot(dir, app));
    queue = result.catch(() => undefined);
    cache.set(key, result);
  }
  return result;
}

/**
 * Requires the fixture's bootstrap file inside `session` and waits until it calls `listen()`. The
 * caller closes `session.apps`. One session at a time: the hooks record into the current one.
 */
export async function runEntry(dir: string, entry: string, session: BootSession): Promise<void> {
  installHooks();
  prepareFixture(dir);
  const onRejection = (error: unknown): void => session.reject(error);
  process.on('unhandledRejection', onRejection);
  const timer = setTimeout(() => session.reject(new Error(`oracle: ${entry} did not call listen() within ${BOOT_TIMEOUT_MS} ms`)), BOOT_TIMEOUT_MS);
  setSession(session);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(path.join(dir, entry)) as { bootstrap?: unknown };
    // `if (require.main === module) bootstrap()`: not the main module here, so call the exported bootstrap
    if (!session.started && typeof exported.bootstrap === 'function') {
      Promise.resolve((exported.bootstrap as () => unknown)()).catch((error: unknown) => session.reject(error));
    }
    await session.ready;
  } finally {
    clearTimeout(timer);
    setSession(undefined);
    process.off('unhandledRejection', onRejection);
  }
}

async function boot(dir: string, app: AppEntry): Promise<OracleApp> {
  const session = newSession();
  await withFixtureEnv(dir, async () => {
    try {
      await runEntry(dir, app.entry, session);
    } finally {
      for (const nestApp of session.apps) await nestApp.close();
    }
  });
  const routes: OracleRoute[] = session.routes.map((r) => ({
    httpMethod: r.httpMethod,
    path: r.path,
    version: r.version,
    host: r.host,
    controller: r.controller,
    handler: r.handler,
    guards: r.guards,
    ...(r.interceptors.length > 0 ? { interceptors: r.interceptors } : {}),
  }));
  const kind = session.contextOnly ? { kind: 'not-a-server' as const } : {};
  return { name: app.name, entry: app.entry, ...kind, routes, meta: routeMeta(session.routes, dir) };
}
