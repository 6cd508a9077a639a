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

/** One step of the app's own env loading, in the order it runs (found by the linker). Files are absolute. */
export type EnvLoad =
  /** `import 'dotenv/config'`, `dotenv.config({ path })`: sets what is not set yet. */
  | { kind: 'dotenv'; files: string[] }
  /** `ConfigModule.forRoot({ envFilePath, expandVariables })`: the first file that sets a variable wins; what is set already wins over all. */
  | { kind: 'config'; files: string[]; expandVariables: boolean };

export const readFileOrUndefined: ReadFile = (file) => {
  try {
    return fs.statSync(file).isFile() ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The user's env files (and variables), or undefined when they named no file: variables alone are
 * the process environment the app starts with, and the app still loads its own files beneath them.
 */
export function givenEnv(given: GivenEnv, root: string, cwd: string, readFile: ReadFile = readFileOrUndefined): ResolvedEnv | undefined {
  if (given.envFiles.length === 0) return undefined;
  const files = given.envFiles.map((f) => path.resolve(root, f));
  const values = readGivenEnv(files, given.env, readFile);
  return { run: { vars: values.vars, cwd }, origin: 'given', files: values.files };
}

/**
 * What the app loads by itself, step by step, under `given` (variables set before it starts, which
 * no step overrides). `app` when some file it names exists; else `given` or `none`.
 */
export function appEnvFromLoads(loads: EnvLoad[], cwd: string, readFile: ReadFile = readFileOrUndefined, given: Record<string, string> = {}): ResolvedEnv {
  let processEnv: Record<string, string> = { ...given };
  const files: EnvFileRead[] = [];
  const note = (read: EnvFileRead[]): void => {
    for (const f of read) if (!files.some((g) => g.file === f.file)) files.push(f);
  };
  for (const load of loads) {
    if (load.kind === 'dotenv') {
      note(load.files.map((f) => readDotenvFile(f, processEnv, readFile)));
    } else {
      const values = readAppEnvFiles(load.files, { expandVariables: load.expandVariables }, processEnv, readFile);
      note(values.files);
      processEnv = Object.fromEntries(values.vars);
    }
  }
  const origin = files.some((f) => f.found) ? 'app' : Object.keys(given).length ? 'given' : 'none';
  return { run: { vars: new Map(Object.entries(processEnv)), cwd }, origin, files };
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
