/**
 * The env files an app loads by itself, read from its code: `import 'dotenv/config'` and
 * `dotenv.config({ path })` in the entry file, then the `ConfigModule.forRoot({ envFilePath,
 * ignoreEnvFile, expandVariables })` nearest the entry (default `.env` in the working directory).
 * Test files are not the app. Paths are resolved against the app's working directory.
 */
import * as path from 'path';
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { AppEnvSources } from '../project/appEnv';
import { filesMentioning } from '../project/sourceFiles';
import type { SourceStore } from '../project/sourceStore';
import { Evaluator } from './evaluate';
import type { SymbolTable } from './symbols';
import { asString, truthy, type Value } from './values';

const TEST_FILE = /(\.|-)(spec|test|e2e-spec|e2e)\.ts$|[\\/](test|tests|__tests__|e2e)[\\/]/;

export interface EnvSourceInput {
  entryFile: string;
  files: () => string[];
  store: SourceStore;
  symbols: SymbolTable;
  cwd: string;
  /** The analysed root: test folders are recognised below it. */
  root: string;
}

/** The dotenv files the entry loads before anything else. */
export function dotenvFiles(input: EnvSourceInput): string[] {
  const sf = input.store.get(input.entryFile);
  if (!sf) return [];
  const ev = new Evaluator(input.symbols, { vars: new Map(), cwd: input.cwd });
  const out: string[] = [];
  for (const imp of sf.getImportDeclarations()) {
    if (imp.getModuleSpecifierValue() === 'dotenv/config') out.push(path.resolve(input.cwd, '.env'));
  }
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    if (!isDotenvConfig(call, ev)) continue;
    const options = ev.eval(call.getArguments()[0]);
    const given = options.kind === 'object' ? options.props.get('path') : undefined;
    out.push(...(given ? pathList(given) : ['.env']).map((p) => path.resolve(input.cwd, p)));
  }
  return out;
}

/** `dotenv.config()`, `config()` imported from dotenv, `require('dotenv').config()`. */
function isDotenvConfig(call: CallExpression, ev: Evaluator): boolean {
  const text = call.getExpression().getText();
  if (!/(^|\.)config$/.test(text)) return false;
  if (text.startsWith("require('dotenv')") || text.startsWith('require("dotenv")')) return true;
  const callee = ev.eval(call.getExpression());
  return callee.kind === 'external' && callee.module === 'dotenv' && /(^|\.)config$/.test(callee.name);
}

/** What `ConfigModule.forRoot` of this app reads, evaluated with the variables dotenv set already. */
export function appEnvSources(input: EnvSourceInput, dotenvVars: ReadonlyMap<string, string>): Omit<AppEnvSources, 'dotenvFiles'> {
  const none = { configFiles: [], expandVariables: false };
  const call = nearestForRoot(input);
  if (!call) return none;
  const ev = new Evaluator(input.symbols, { vars: dotenvVars, cwd: input.cwd });
  const options = ev.eval(call.getArguments()[0]);
  const props = options.kind === 'object' ? options.props : new Map<string, Value>();
  if (truthy(props.get('ignoreEnvFile') ?? { kind: 'literal', value: false }) === true) return none;
  const given = props.get('envFilePath');
  const list = given && !(given.kind === 'literal' && !given.value) ? pathList(given) : ['.env'];
  const expand = props.get('expandVariables');
  return {
    configFiles: list.map((p) => path.resolve(input.cwd, p)),
    expandVariables: expand !== undefined && truthy(expand) === true,
  };
}

function pathList(v: Value): string[] {
  const items = v.kind === 'array' ? v.items : [v];
  return items.map(asString).filter((s): s is string => s !== undefined);
}

/** The `ConfigModule.forRoot(...)` call in the non-test file closest to the entry file. */
function nearestForRoot(input: EnvSourceInput): CallExpression | undefined {
  const candidates = filesMentioning(input.files(), ['ConfigModule.forRoot'], (f) => input.store.readText(f)).filter((f) => !TEST_FILE.test(path.sep + path.relative(input.root, f)));
  const entryDir = path.dirname(input.entryFile);
  const closeness = (f: string): number => commonPrefix(path.dirname(f), entryDir);
  for (const file of candidates.sort((a, b) => closeness(b) - closeness(a) || a.localeCompare(b))) {
    const sf: SourceFile | undefined = input.store.get(file);
    const call = sf?.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => {
      const callee = c.getExpression();
      return Node.isPropertyAccessExpression(callee) && callee.getName() === 'forRoot' && callee.getExpression().getText() === 'ConfigModule';
    });
    if (call) return call;
  }
  return undefined;
}

function commonPrefix(a: string, b: string): number {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return i;
}
