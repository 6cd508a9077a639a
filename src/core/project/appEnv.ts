/**
 * The environment an analysed app is taken to start with: what the user gave (env files and
 * variables from the CLI, `.guard-coverage.json` or the editor settings), else the files the app
 * itself reads (found by the linker in its `ConfigModule.forRoot` and `dotenv` calls), else nothing
 * set. Never the analysing process's own environment.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readAppEnvFiles, readDotenvFile, readGivenEnv, type EnvFileRead, type ReadFile } from './envFiles';

/** What `process.env` and `process.cwd()` give while the app starts. */
export interface RunEnv {
  vars: ReadonlyMap<string, string>;
  /** Absolute working directory the app is started from (relative env file paths resolve against it). */
  cwd: string;
}

export interface ResolvedEnv {
  run: RunEnv;
  origin: 'given' | 'app' | 'none';
  files: EnvFileRead[];
}

export interface GivenEnv {
  /** Absolute, or relative to the analysed root. */
  envFiles: string[];
  env: Record<string, string>;
}

/** The files the app's own code loads, as the linker found them. */
export interface AppEnvSources {
  /** `import 'dotenv/config'`, `dotenv.config({ path })`: loaded first, first one wins per variable. */
  dotenvFiles: string[];
  /** `ConfigModule.forRoot({ envFilePath })` (default `.env`), absolute; empty with `ignoreEnvFile`. */
  configFiles: string[];
  expandVariables: boolean;
}

export const readFileOrUndefined: ReadFile = (file) => {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

/** The user's env, or undefined when they gave none. */
export function givenEnv(given: GivenEnv, root: string, cwd: string, readFile: ReadFile = readFileOrUndefined): ResolvedEnv | undefined {
  if (given.envFiles.length === 0 && Object.keys(given.env).length === 0) return undefined;
  const files = given.envFiles.map((f) => path.resolve(root, f));
  const values = readGivenEnv(files, given.env, readFile);
  return { run: { vars: values.vars, cwd }, origin: 'given', files: values.files };
}

/** What the app reads by itself; `none` when no file it names exists. */
export function appEnv(sources: AppEnvSources, cwd: string, readFile: ReadFile = readFileOrUndefined): ResolvedEnv {
  const processEnv: Record<string, string> = {};
  const files: EnvFileRead[] = sources.dotenvFiles.map((f) => readDotenvFile(f, processEnv, readFile));
  const values = readAppEnvFiles(sources.configFiles, { expandVariables: sources.expandVariables }, processEnv, readFile);
  for (const f of values.files) if (!files.some((g) => g.file === f.file)) files.push(f);
  const origin = files.some((f) => f.found) ? 'app' : 'none';
  return { run: { vars: values.vars, cwd }, origin, files };
}

/**
 * The folder the app is started from: the nearest folder with a package.json from the entry file
 * up to the analysed root (`npm start` runs there), else the root.
 */
export function appWorkingDir(entryFile: string, root: string): string {
  const absRoot = path.resolve(root);
  for (let dir = path.dirname(path.resolve(entryFile)); dir.startsWith(absRoot); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === absRoot || path.dirname(dir) === dir) break;
  }
  return absRoot;
}
