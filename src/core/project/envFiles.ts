/**
 * Env files read the way the app reads them: `dotenv` parses (comments, `export`, single, double and
 * back quotes, multi-line double-quoted values), `dotenv-expand` expands `${VAR}` (the exact versions
 * @nestjs/config 4 uses, called as its `ConfigModule.loadEnvFile` calls them). The analysing
 * process's own environment is never read: expansion runs against an object of our own.
 */
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';

export type ReadFile = (file: string) => string | undefined;

export interface EnvFileRead {
  /** Absolute path. */
  file: string;
  found: boolean;
}

export interface EnvValues {
  vars: Map<string, string>;
  files: EnvFileRead[];
}

/** `KEY=value` lines as dotenv reads them. */
export function parseEnvText(text: string): Record<string, string> {
  return parse(text);
}

/**
 * What the user gave (`--env-file`, `--env`, `envFiles`/`env` in the settings): files in order,
 * later files win; `${VAR}` expanded across all of them; `vars` win over every file and are taken
 * as they are, as variables already set in the process are by dotenv-expand.
 */
export function readGivenEnv(files: string[], vars: Record<string, string>, readFile: ReadFile): EnvValues {
  const merged: Record<string, string> = {};
  const reads: EnvFileRead[] = [];
  for (const file of files) {
    const text = readFile(file);
    reads.push({ file, found: text !== undefined });
    if (text !== undefined) Object.assign(merged, parseEnvText(text));
  }
  const processEnv: Record<string, string> = { ...vars };
  expand({ parsed: merged, processEnv });
  return { vars: new Map(Object.entries(processEnv)), files: reads };
}

export interface AppEnvFileOptions {
  /** `ConfigModule.forRoot({ expandVariables })`. */
  expandVariables: boolean;
}

/**
 * What `ConfigModule.forRoot` loads from its `envFilePath` list: the first file that sets a variable
 * wins; with `expandVariables`, the values read so far are expanded after each file. `processEnv`
 * holds what was set before (a `dotenv/config` import) and wins over the files, as the real
 * process environment does.
 */
export function readAppEnvFiles(files: string[], options: AppEnvFileOptions, processEnv: Record<string, string>, readFile: ReadFile): EnvValues {
  let config: Record<string, string> = {};
  const env: Record<string, string> = { ...processEnv };
  const reads: EnvFileRead[] = [];
  for (const file of files) {
    const text = readFile(file);
    reads.push({ file, found: text !== undefined });
    if (text === undefined) continue;
    config = Object.assign(parseEnvText(text), config);
    if (options.expandVariables) config = expand({ parsed: config, processEnv: env }).parsed ?? config;
  }
  return { vars: new Map(Object.entries({ ...config, ...env })), files: reads };
}

/** `dotenv.config({ path })` / `import 'dotenv/config'`: sets what is not set yet, no expansion. */
export function readDotenvFile(file: string, processEnv: Record<string, string>, readFile: ReadFile): EnvFileRead {
  const text = readFile(file);
  if (text !== undefined) {
    for (const [k, v] of Object.entries(parseEnvText(text))) if (!(k in processEnv)) processEnv[k] = v;
  }
  return { file, found: text !== undefined };
}
