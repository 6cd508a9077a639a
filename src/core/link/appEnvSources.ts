/**
 * The env files an app loads by itself, read from its code in the order Node runs it: modules
 * depth-first in import order, each module's body after its imports. Along that order come
 * `import 'dotenv/config'` and top-level `dotenv.config({ path })` calls (they set what is not set
 * yet), and the module whose body holds the `ConfigModule.forRoot({ envFilePath, ignoreEnvFile,
 * expandVariables })` nearest the entry (default `.env`); `dotenv.config` inside functions runs
 * last (a `bootstrap()` runs once every import is done). Each step is evaluated with the variables
 * the steps before it set, on top of the ones the user gave. Test files are not the app.
 */
import * as path from 'path';
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import { appEnvFromLoads, type EnvLoad, type ResolvedEnv } from '../project/appEnv';
import type { ReadFile } from '../project/envFiles';
import { filesMentioning, isTestFile } from '../project/sourceFiles';
import type { SourceStore } from '../project/sourceStore';
import { Evaluator } from './evaluate';
import type { SymbolTable } from './symbols';
import { asString, truthy, type Value } from './values';

const MAX_DEPTH = 4;
const MAX_FILES = 300;
/** `import x from 'y'`, `import 'y'`, `export * from 'y'`, in source order; group 1 is set for `import type`. */
const IMPORT_LINE = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\bfrom\s*)?['"]([^'"\n]+)['"]/gm;

export interface EnvSourceInput {
  entryFile: string;
  files: () => string[];
  store: SourceStore;
  symbols: SymbolTable;
  cwd: string;
  /** The analysed root: test folders are recognised below it. */
  root: string;
}

/** A step that may load env files, with the node to evaluate for its paths. */
type Step = { kind: 'dotenv-config' } | { kind: 'dotenv-call'; call: CallExpression } | { kind: 'config'; call: CallExpression };

/** The env as the app loads it, under the variables the user gave (`--env`), which always win. */
export function readAppEnvironment(input: EnvSourceInput, given: Record<string, string>, readFile: ReadFile): ResolvedEnv {
  const forRoot = nearestForRoot(input);
  const steps = loadSteps(input, forRoot);
  const loads: EnvLoad[] = [];
  const run = (vars: Record<string, string>): ResolvedEnv => appEnvFromLoads(loads, input.cwd, readFile, vars);
  for (const step of steps) {
    // What the steps so far set decides the paths of this one (`envFilePath: \`.env.${process.env.NODE_ENV}\``).
    const ev = new Evaluator(input.symbols, { vars: run(given).run.vars, cwd: input.cwd });
    const load = stepLoad(step, ev, input.cwd);
    if (load) loads.push(load);
  }
  return run(given);
}

function stepLoad(step: Step, ev: Evaluator, cwd: string): EnvLoad | undefined {
  if (step.kind === 'dotenv-config') return { kind: 'dotenv', files: [path.resolve(cwd, '.env')] };
  const options = ev.eval(step.call.getArguments()[0]);
  const props = options.kind === 'object' ? options.props : new Map<string, Value>();
  if (step.kind === 'dotenv-call') {
    const given = props.get('path');
    return { kind: 'dotenv', files: (given ? pathList(given) : ['.env']).map((p) => path.resolve(cwd, p)) };
  }
  if (truthy(props.get('ignoreEnvFile') ?? { kind: 'literal', value: false }) === true) return undefined;
  const given = props.get('envFilePath');
  const list = given && !(given.kind === 'literal' && !given.value) ? pathList(given) : ['.env'];
  const expand = props.get('expandVariables');
  return { kind: 'config', files: list.map((p) => path.resolve(cwd, p)), expandVariables: expand !== undefined && truthy(expand) === true };
}

/**
 * The loading steps in run order: imports depth-first, each module's top-level calls after its
 * imports. The walk reads import lines as text and parses only the files that mention dotenv, so
 * it costs the linker none of its laziness.
 */
function loadSteps(input: EnvSourceInput, forRoot: CallExpression | undefined): Step[] {
  const early: Step[] = [];
  const late: Step[] = [];
  const seen = new Set<string>();
  const forRootFile = forRoot?.getSourceFile().getFilePath();
  let configPlaced = false;
  const visit = (file: string, depth: number): void => {
    if (seen.has(file) || seen.size >= MAX_FILES) return;
    seen.add(file);
    const text = input.store.readText(file) ?? '';
    for (const m of text.matchAll(IMPORT_LINE)) {
      const [, typeOnly, spec] = m;
      if (spec === 'dotenv/config') {
        early.push({ kind: 'dotenv-config' });
        continue;
      }
      if (typeOnly || depth >= MAX_DEPTH) continue;
      const target = input.symbols.resolveSpecifier(spec, file);
      if (target.kind === 'file') visit(target.path, depth + 1);
    }
    if (forRoot && file === forRootFile) {
      early.push({ kind: 'config', call: forRoot });
      configPlaced = true;
    }
    if (!text.includes('dotenv')) return;
    for (const call of input.store.get(file)?.getDescendantsOfKind(SyntaxKind.CallExpression) ?? []) {
      if (isDotenvConfig(call, input)) (insideFunction(call) ? late : early).push({ kind: 'dotenv-call', call });
    }
  };
  visit(input.entryFile, 0);
  // A ConfigModule the import walk did not reach (too deep, or loaded lazily) still loads before bootstrap() goes on.
  if (forRoot && !configPlaced) early.push({ kind: 'config', call: forRoot });
  return [...early, ...late];
}

/** `dotenv.config()`, `config()` (or an alias of it) imported from dotenv, `require('dotenv').config()`. */
function isDotenvConfig(call: CallExpression, input: EnvSourceInput): boolean {
  const expr = call.getExpression();
  if (Node.isPropertyAccessExpression(expr) && expr.getName() !== 'config') return false;
  if (!Node.isPropertyAccessExpression(expr) && !Node.isIdentifier(expr)) return false;
  if (/^require\(\s*['"]dotenv['"]\s*\)\.config$/.test(expr.getText())) return true;
  const callee = new Evaluator(input.symbols, { vars: new Map(), cwd: input.cwd }).eval(expr);
  return callee.kind === 'external' && callee.module === 'dotenv' && /(^|\.)config$/.test(callee.name);
}

function insideFunction(node: Node): boolean {
  return node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) !== undefined;
}

function pathList(v: Value): string[] {
  const items = v.kind === 'array' ? v.items : [v];
  return items.map(asString).filter((s): s is string => s !== undefined);
}

/** The `ConfigModule.forRoot(...)` call in the non-test file closest to the entry file. */
function nearestForRoot(input: EnvSourceInput): CallExpression | undefined {
  const candidates = filesMentioning(input.files(), ['ConfigModule.forRoot'], (f) => input.store.readText(f)).filter((f) => !isTestFile(input.root, f));
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
