/**
 * Prints what NestJS registers for a fixture, as JSON:
 *   node out/test/oracle/dump.js <fixtureDir> [entry]          routes of every app
 *   node out/test/oracle/dump.js --meta <fixtureDir> [entry]   roles/public per route
 * With no entry, every app of the fixture (each nest-cli project) is booted.
 */
import { bootApp, fixtureApps } from './nestRoutes';
import { sortRoutes } from './sortRoutes';

async function main(argv: string[]): Promise<void> {
  const meta = argv[0] === '--meta';
  const [dir, entry] = meta ? argv.slice(1) : argv;
  if (!dir) throw new Error('usage: dump.js [--meta] <fixtureDir> [entry]');
  const entries = entry ? [entry] : fixtureApps(dir).map((a) => a.entry);
  const apps = [];
  for (const e of entries) {
    const app = await bootApp(dir, e);
    apps.push(meta
      ? { name: app.name, entry: app.entry, routes: sortRoutes(app.meta) }
      : { name: app.name, entry: app.entry, ...(app.kind ? { kind: app.kind } : {}), routes: sortRoutes(app.routes) });
  }
  process.stdout.write(JSON.stringify({ apps }, null, 2) + '\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
