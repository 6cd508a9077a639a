/** Command-line arguments of `nest-guard-coverage`, parsed with node's own parseArgs. */
import * as path from 'path';
import { parseArgs } from 'util';

export const FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];
export const FAIL_ON = ['unprotected', 'error', 'warning', 'info'] as const;
export type FailOn = (typeof FAIL_ON)[number];

export interface CliArgs {
  path: string;
  format: Format;
  project?: string;
  config?: string;
  failOn?: FailOn;
  output?: string;
  /** `--env-file`, in order, absolute (resolved against the shell's working directory). */
  envFiles: string[];
  /** `--env KEY=VALUE`, later ones win. */
  env: Record<string, string>;
  color: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: nest-guard-coverage [path] [options]

Lists every route of the NestJS application(s) under path (default: .) with what protects it.

Options:
  -f, --format <table|json|sarif|markdown>  output format (default: table)
  -p, --project <name>                      only this nest-cli.json project
  -c, --config <file>                       settings file (default: <path>/.guard-coverage.json when present)
      --fail-on <unprotected|error|warning|info>
                                            exit 1 when a route is unprotected, or a finding has this severity or worse
  -o, --output <file>                       write the report to a file instead of standard output
      --env-file <file>                     analyse the app with this env file (repeatable, later files win;
                                            dotenv syntax, \${VAR} expanded); default: what the app's own
                                            ConfigModule.forRoot / dotenv would read, e.g. .env
      --env <KEY=VALUE>                     set one variable as the app would see it (repeatable, wins over files)
      --no-color                            plain table output
  -h, --help                                this text
  -v, --version                             the version
`;

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'table' },
        project: { type: 'string', short: 'p' },
        config: { type: 'string', short: 'c' },
        'fail-on': { type: 'string' },
        output: { type: 'string', short: 'o' },
        'env-file': { type: 'string', multiple: true },
        env: { type: 'string', multiple: true },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`expected one path, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format '${format}' (expected ${FORMATS.join(', ')})`);
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !(FAIL_ON as readonly string[]).includes(failOn)) {
    throw new UsageError(`unknown --fail-on '${failOn}' (expected ${FAIL_ON.join(', ')})`);
  }
  return {
    path: positionals[0] ?? '.',
    format: format as Format,
    project: values.project as string | undefined,
    config: values.config as string | undefined,
    failOn: failOn as FailOn | undefined,
    output: values.output as string | undefined,
    envFiles: ((values['env-file'] as string[] | undefined) ?? []).map((f) => path.resolve(f)),
    env: envAssignments((values.env as string[] | undefined) ?? []),
    color: !values['no-color'],
    help: Boolean(values.help),
    version: Boolean(values.version),
  };
}

function envAssignments(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    const name = eq < 0 ? '' : item.slice(0, eq).trim();
    if (!/^[\w.-]+$/.test(name)) throw new UsageError(`--env expects KEY=VALUE, got '${item}'`);
    out[name] = item.slice(eq + 1);
  }
  return out;
}
