/**
 * The fixtures whose NestJS runtime behaviour is recorded: every `test/fixtures/<name>/expected-routes.json`
 * (and `expected-meta.json` where roles/public matter), written by `node out/test/oracle/dump.js`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { OracleMeta, OracleRoute } from '../../oracle/types';

/** Repository root, from out/test/unit/routes (compiled) or test/unit/routes (source). */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../../..');
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures');

export interface ExpectedApp<T> {
  name: string;
  entry: string;
  kind?: 'not-a-server';
  routes: T[];
}

export interface RecordedFixture {
  name: string;
  dir: string;
  routes: Array<ExpectedApp<OracleRoute>>;
  meta: Array<ExpectedApp<OracleMeta>> | null;
}

function readApps<T>(file: string): Array<ExpectedApp<T>> | null {
  if (!fs.existsSync(file)) return null;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { apps: Array<ExpectedApp<T>> }).apps;
}

export function recordedFixtures(): RecordedFixture[] {
  return fs.readdirSync(FIXTURES_DIR)
    .sort()
    .map((name) => path.join(FIXTURES_DIR, name))
    .filter((dir) => fs.existsSync(path.join(dir, 'expected-routes.json')))
    .map((dir) => ({
      name: path.basename(dir),
      dir,
      routes: readApps<OracleRoute>(path.join(dir, 'expected-routes.json')) ?? [],
      meta: readApps<OracleMeta>(path.join(dir, 'expected-meta.json')),
    }));
}
