/**
 * The CLI as a function (argv in, text and exit code out) so tests can run it in-process.
 * Exit codes: 0 done, 1 `--fail-on` matched, 2 usage error, or an app that yields no routes because
 * something could not be followed (the gate never passes on an analysis that did not complete).
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeWorkspace } from '../core/analyzer';
import { loadConfigFile } from '../core/configFile';
import type { AnalysisResult } from '../core/model';
import { discoverApps, ProjectError } from '../core/project/discoverApps';
import { envSummary } from '../core/report/envSummary';
import { failOnExitCode, toMarkdown, toSarif } from '../core/report';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './args';
import { formatTable } from './formatTable';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  isTty: boolean;
}

export const VERSION = '0.1.0';

export function runCli(argv: string[], io: CliIo): number {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`nest-guard-coverage: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (args.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  let result: AnalysisResult;
  try {
    const root = path.resolve(args.path);
    const fileConfig = loadConfigFile(root, args.config);
    // Flags win over the settings file: `--env-file` replaces its envFiles, `--env` adds to its env.
    const config = {
      ...fileConfig,
      envFiles: args.envFiles.length ? args.envFiles : fileConfig.envFiles,
      env: { ...fileConfig.env, ...args.env },
    };
    result = analyzeWorkspace(root, { project: args.project, config });
  } catch (error) {
    if (error instanceof ProjectError || (error as Error).name === 'ConfigError') {
      io.stderr(`nest-guard-coverage: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
  if (args.project && result.apps.length === 0) {
    const names = analyzeWorkspaceNames(path.resolve(args.path));
    io.stderr(`nest-guard-coverage: no application named '${args.project}' under ${args.path}${names.length ? ` (applications: ${names.join(', ')})` : ''}\n`);
    return 2;
  }
  for (const app of result.apps) {
    io.stderr(`info: ${app.name}: ${app.kind === 'not-a-server' ? 'not a server (no routes); ' : ''}${envSummary(app.env)}\n`);
    for (const d of app.diagnostics) {
      const where = d.at ? `${d.at.file}:${d.at.line}: ` : '';
      io.stderr(`${d.severity}: ${app.name}: ${where}${d.message}\n`);
    }
  }
  const text = render(result, args, io.isTty);
  if (args.output) fs.writeFileSync(args.output, text);
  else io.stdout(text);
  // The gate fails closed: an app that lost its routes to something not followed is no pass.
  const lost = result.apps.filter(lostItsRoutes);
  for (const app of lost) {
    const why = app.rootModule === null && !app.diagnostics.length ? 'its root module was not found' : 'the analysis could not follow everything (see the messages above)';
    io.stderr(`nest-guard-coverage: ${app.name}: no routes, because ${why}; exit 2\n`);
  }
  if (lost.length) return 2;
  return args.failOn ? failOnExitCode(result, args.failOn) : 0;
}

/** A server app without routes whose root module was not found or that reported a problem. */
function lostItsRoutes(app: AnalysisResult['apps'][number]): boolean {
  return app.kind !== 'not-a-server' && app.routes.length === 0 && (app.rootModule === null || app.diagnostics.some((d) => d.severity !== 'info'));
}

function render(result: AnalysisResult, args: CliArgs, isTty: boolean): string {
  switch (args.format) {
    case 'json':
      return JSON.stringify(result, null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(toSarif(result, { toolVersion: VERSION }), null, 2) + '\n';
    case 'markdown':
      return toMarkdown(result);
    case 'table':
      return formatTable(result, args.color && isTty && !process.env.NO_COLOR);
  }
}

function analyzeWorkspaceNames(root: string): string[] {
  try {
    return discoverApps(root).map((a) => a.name);
  } catch {
    return [];
  }
}
