/**
 * The environment a fixture is booted with, as it would be deployed: `oracle.json` in the fixture
 * may name env files (`envFiles`, later files win, `${VAR}` expanded by dotenv-expand) and
 * variables (`env`, which win). While the fixture boots, process.env holds them and the working
 * directory is the fixture folder (so `ConfigModule.forRoot()` reads the fixture's own `.env`, as
 * `npm start` in that folder would); both are restored afterwards. The analyzer is given the same.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';

export interface FixtureEnv {
  /** Absolute paths. */
  envFiles: string[];
  env: Record<string, string>;
}

export function fixtureEnv(dir: string): FixtureEnv {
  const file = path.join(dir, 'oracle.json');
  if (!fs.existsSync(file)) return { envFiles: [], env: {} };
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { envFiles?: string[]; env?: Record<string, string> };
  return { envFiles: (raw.envFiles ?? []).map((f) => path.resolve(dir, f)), env: raw.env ?? {} };
}

/** What process.env holds for the boot: the files merged (later wins), expanded, under the variables. */
export function bootVariables(e: FixtureEnv): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const f of e.envFiles) Object.assign(merged, parse(fs.readFileSync(f)));
  const processEnv: Record<string, string> = { ...e.env };
  expand({ parsed: merged, processEnv });
  return processEnv;
}

/** Run `fn` with the fixture's variables set and the fixture as working directory. */
export async function withFixtureEnv<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const vars = bootVariables(fixtureEnv(dir));
  // @nestjs/config and dotenv write what they load into process.env: the whole of it is restored.
  const saved = { ...process.env };
  const cwd = process.cwd();
  Object.assign(process.env, vars);
  process.chdir(dir);
  try {
    return await fn();
  } finally {
    process.chdir(cwd);
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
