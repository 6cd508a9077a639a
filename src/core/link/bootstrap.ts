/**
 * What the bootstrap file configures: the root module handed to `NestFactory.create`, the global
 * prefix and its exclusions, versioning, `useGlobalGuards`, and every other call on the app
 * (for the semantics pass). Calls made inside helpers that receive the app (`setup(app)`) count too.
 */
import * as path from 'path';
import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import type { HttpMethod } from '../model';
import type { SourceStore } from '../project/sourceStore';
import type { ModuleResolver } from '../project/moduleResolver';
import type { Evaluator } from './evaluate';
import { bindParameters } from './functions';
import { requestMethodOf, toGuardSpec } from './nestApi';
import { CURRENT_NEST_MAJOR } from '../project/nestVersion';
import { excludeMatcher, legacyExcludeMatcher } from './routePaths';
import { abbreviate } from './syntax';
import { EMPTY_ENV, asString, literal, type Env, type GuardSpec, type Value } from './values';

export interface ExcludeRoute {
  path: string;
  method: HttpMethod;
  matches(path: string): boolean;
}

export type VersioningType = 'URI' | 'HEADER' | 'MEDIA_TYPE' | 'CUSTOM';

export interface Versioning {
  type: VersioningType;
  defaultVersion: Value | undefined;
  prefix: string | false | undefined;
}

export interface AppCall {
  method: string;
  call: CallExpression;
  env: Env;
}

export interface BootstrapProblem {
  reason: string;
  node?: Node;
  /** `path`: only paths are uncertain (prefix, versioning); the guard chain is not. */
  affects?: 'path';
  /** The expression that stayed unknown, as written. */
  expression?: string;
}

export interface Bootstrap {
  entry: SourceFile;
  createCall: CallExpression | undefined;
  /** Some file the entry reaches calls `NestFactory.create` or `createMicroservice`: it starts a server. */
  server: boolean;
  rootModule: Value | undefined;
  globalPrefix: { prefix: string; exclude: ExcludeRoute[] } | undefined;
  versioning: Versioning | undefined;
  globalGuards: GuardSpec[];
  /** `app.useGlobalInterceptors(...)`, in call order. */
  globalInterceptors: GuardSpec[];
  appCalls: AppCall[];
  problems: BootstrapProblem[];
}

const VERSIONING_TYPES: VersioningType[] = ['URI', 'HEADER', 'MEDIA_TYPE', 'CUSTOM'];
const MAX_HELPER_DEPTH = 3;

/**
 * The create call, its root module, and the calls made on the app (not yet applied: `applyAppCalls`
 * runs once the module scan has told the evaluator what ConfigService holds).
 */
export function readBootstrap(entry: SourceFile, ev: Evaluator, store: SourceStore, resolver: ModuleResolver): Bootstrap {
  const { create: found, server } = findCreateCall(entry, store, resolver);
  const result: Bootstrap = {
    entry,
    createCall: found,
    server,
    rootModule: undefined,
    globalPrefix: undefined,
    versioning: undefined,
    globalGuards: [],
    globalInterceptors: [],
    appCalls: [],
    problems: [],
  };
  if (!found) {
    if (server) return result;
    result.problems.push({ reason: `no NestFactory.create(...) or createMicroservice(...) call in ${path.basename(entry.getFilePath())} or the files it imports: not a server` });
    return result;
  }
  result.rootModule = ev.eval(found.getArguments()[0]);
  const appVar = assignedName(found);
  const scope = found.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) ?? found.getSourceFile();
  if (appVar) collectAppCalls(scope, appVar, EMPTY_ENV, ev, result.appCalls, 0);
  return result;
}

/** Global prefix, versioning and `useGlobalGuards` from the calls on the app, in order. */
export function applyAppCalls(result: Bootstrap, ev: Evaluator, nestMajor = CURRENT_NEST_MAJOR): void {
  const appVar = result.createCall ? (assignedName(result.createCall) ?? 'app') : 'app';
  for (const c of result.appCalls) applyAppCall(c, appVar, ev, result, nestMajor);
}

/**
 * The `NestFactory.create` call that starts the served app: searched in the entry file and the files
 * it imports (static, `import()` and `require`), two levels deep. With several, the one whose app
 * listens wins (a throw-away app made to read settings does not), else the last one.
 */
function findCreateCall(entry: SourceFile, store: SourceStore, resolver: ModuleResolver): { create: CallExpression | undefined; server: boolean } {
  const queue: Array<{ sf: SourceFile; depth: number }> = [{ sf: entry, depth: 0 }];
  const seen = new Set<string>();
  const found: CallExpression[] = [];
  let microservice = false;
  while (queue.length) {
    const { sf, depth } = queue.shift()!;
    if (seen.has(sf.getFilePath())) continue;
    seen.add(sf.getFilePath());
    if (sf.getFullText().includes('NestFactory')) {
      const calls = sf.getDescendantsOfKind(SyntaxKind.CallExpression);
      found.push(...calls.filter((c) => /(^|\.)NestFactory\.create$/.test(c.getExpression().getText())));
      microservice ||= calls.some((c) => /(^|\.)NestFactory\.createMicroservice$/.test(c.getExpression().getText()));
    }
    if (found.length > 0 || depth >= 2) continue;
    for (const spec of importedSpecifiers(sf)) {
      const r = resolver.resolve(spec, sf.getFilePath());
      if (r.kind !== 'file') continue;
      const next = store.get(r.path);
      if (next) queue.push({ sf: next, depth: depth + 1 });
    }
  }
  return { create: found.find(listens) ?? found[found.length - 1], server: found.length > 0 || microservice };
}

function importedSpecifiers(sf: SourceFile): string[] {
  const specs = sf.getImportDeclarations().map((i) => i.getModuleSpecifierValue());
  for (const m of sf.getFullText().matchAll(/(?:\bimport|\brequire)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** The app made by this call is listened on (or initialised) in the same function. */
export function listens(call: CallExpression): boolean {
  const appVar = assignedName(call);
  if (!appVar) return false;
  const scope = call.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) ?? call.getSourceFile();
  return scope.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    return Node.isPropertyAccessExpression(callee) && ['listen', 'init'].includes(callee.getName()) && callee.getExpression().getText() === appVar;
  });
}

function assignedName(call: CallExpression): string | undefined {
  let cur: Node | undefined = call.getParent();
  while (cur && (Node.isAwaitExpression(cur) || Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur))) cur = cur.getParent();
  if (cur && Node.isVariableDeclaration(cur)) return cur.getName();
  if (cur && Node.isBinaryExpression(cur)) return cur.getLeft().getText();
  return undefined;
}

/** Every `app.x(...)` in order, following helpers that receive the app as an argument. */
function collectAppCalls(scope: Node, appVar: string, env: Env, ev: Evaluator, out: AppCall[], depth: number): void {
  scope.forEachDescendant((node) => {
    if (!Node.isCallExpression(node)) return;
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getExpression().getText() === appVar) {
      out.push({ method: callee.getName(), call: node, env });
      return;
    }
    if (depth >= MAX_HELPER_DEPTH) return;
    const argIndex = node.getArguments().findIndex((a) => a.getText() === appVar);
    if (argIndex < 0) return;
    const fn = ev.eval(callee, env);
    if (fn.kind !== 'function') return;
    const params = Node.isFunctionLikeDeclaration(fn.node) || Node.isArrowFunction(fn.node) || Node.isFunctionExpression(fn.node) ? fn.node.getParameters() : [];
    const param = params[argIndex]?.getName();
    if (!param) return;
    const args = ev.evalList(node.getArguments(), env, 0);
    const inner = bindParameters(fn.node, args, fn.env, (n, e) => ev.eval(n, e));
    inner.delete(param);
    collectAppCalls(fn.node, param, inner, ev, out, depth + 1);
  });
}

function applyAppCall(c: AppCall, appVar: string, ev: Evaluator, result: Bootstrap, nestMajor: number): void {
  const args = c.call.getArguments();
  switch (c.method) {
    case 'setGlobalPrefix': {
      const value = ev.eval(args[0], c.env);
      const prefix = asString(value);
      if (prefix === undefined) {
        result.problems.push(unknownPathProblem('global prefix', value, args[0] ?? c.call));
        return;
      }
      const options = ev.eval(args[1], c.env);
      const excludes = options.kind === 'object' ? options.props.get('exclude') : undefined;
      result.globalPrefix = { prefix, exclude: excludes ? excludeRoutes(excludes, c.call, result, nestMajor) : [] };
      return;
    }
    case 'enableVersioning': {
      const options = args[0] ? ev.eval(args[0], c.env) : literal(undefined);
      const props = options.kind === 'object' ? options.props : new Map<string, Value>();
      const type = versioningType(props.get('type'));
      const prefix = props.get('prefix');
      if (prefix?.kind === 'unknown') result.problems.push(unknownPathProblem('URI version prefix', prefix, args[0]));
      const defaultVersion = props.get('defaultVersion');
      if (defaultVersion?.kind === 'unknown') result.problems.push(unknownPathProblem('default version', defaultVersion, args[0]));
      result.versioning = {
        type,
        defaultVersion: props.get('defaultVersion'),
        prefix: prefix === undefined ? undefined : prefix.kind === 'literal' && prefix.value === false ? false : asString(prefix),
      };
      return;
    }
    case 'useGlobalGuards':
      for (const a of args) {
        result.globalGuards.push(...globalGuardSpecs(a, appVar, c.env, ev));
      }
      return;
    case 'useGlobalInterceptors':
      for (const a of args) result.globalInterceptors.push(...globalGuardSpecs(a, appVar, c.env, ev));
      return;
    default:
      return;
  }
}

/** A path part that stayed unknown: where, and why, from the innermost cause the evaluator kept. */
export function unknownPathProblem(what: string, value: Value, written: Node): BootstrapProblem {
  const cause = value.kind === 'unknown' ? value : undefined;
  const why = cause ? cause.reason : value.kind === 'mixin' ? `it is what \`${abbreviate(value.text, 60)}\` returns${value.module ? ` (package ${value.module})` : ''}` : `it is a ${value.kind}`;
  const at = cause?.node ?? written;
  return { reason: `${what} is only known at run time: ${why}`, node: at, affects: 'path', expression: abbreviate(written.getText(), 80) };
}

function globalGuardSpecs(arg: Node, appVar: string, env: Env, ev: Evaluator): GuardSpec[] {
  // `app.get(JwtGuard)` / `app.resolve(JwtGuard)`: the guard is the class asked for.
  if (Node.isCallExpression(arg)) {
    const callee = arg.getExpression();
    if (Node.isPropertyAccessExpression(callee) && ['get', 'resolve'].includes(callee.getName()) && callee.getExpression().getText() === appVar) {
      const cls = ev.eval(arg.getArguments()[0], env);
      return [{ ...toGuardSpec(cls, arg), form: 'instance', node: arg }];
    }
  }
  if (Node.isSpreadElement(arg)) {
    const v = ev.eval(arg.getExpression(), env);
    if (v.kind === 'array') return v.items.map((i) => toGuardSpec(i, arg));
    return [toGuardSpec(v, arg)];
  }
  return [toGuardSpec(ev.eval(arg, env), arg)];
}

function excludeRoutes(v: Value, call: Node, result: Bootstrap, nestMajor: number): ExcludeRoute[] {
  if (v.kind !== 'array') {
    result.problems.push({ reason: 'global prefix exclude list is only known at run time', node: call });
    return [];
  }
  const out: ExcludeRoute[] = [];
  const add = (p: string, method: ExcludeRoute['method'], node: Node): void => {
    const matches = nestMajor < 11 ? legacyExcludeMatcher(p) : excludeMatcher(p);
    if (matches) out.push({ path: p, method, matches });
    // NestJS before 11 reads it with path-to-regexp 3, whose wildcards, groups and modifiers are not modelled.
    else result.problems.push({ reason: `global prefix exclude entry '${p}': NestJS ${nestMajor} matches it with path-to-regexp 3, which is not modelled; which paths keep the prefix is not known`, node, affects: 'path', expression: abbreviate(node.getText(), 80) });
  };
  for (const item of v.items) {
    const asText = asString(item);
    if (asText !== undefined) {
      add(asText, 'ALL', call);
    } else if (item.kind === 'object') {
      const p = asString(item.props.get('path') ?? literal(undefined));
      const method = requestMethodOf(item.props.get('method') ?? literal(undefined));
      if (p !== undefined && method) add(p, method, item.node);
      else result.problems.push({ reason: 'a global prefix exclude entry is only known at run time', node: item.node });
    } else {
      result.problems.push({ reason: 'a global prefix exclude entry is only known at run time', node: call });
    }
  }
  return out;
}

function versioningType(v: Value | undefined): VersioningType {
  if (!v) return 'URI';
  if (v.kind === 'external' && v.name.startsWith('VersioningType.')) return v.name.slice('VersioningType.'.length) as VersioningType;
  if (v.kind === 'literal' && typeof v.value === 'number') return VERSIONING_TYPES[v.value] ?? 'URI';
  if (v.kind === 'enumMember' && typeof v.value === 'number') return VERSIONING_TYPES[v.value] ?? 'URI';
  return 'URI';
}

/** Without the configured entry file: the source file that creates (and preferably listens on) the app. */
export function findEntryFile(files: string[], store: SourceStore): string | undefined {
  const candidates = files.filter((f) => store.readText(f)?.includes('NestFactory.create'));
  const score = (f: string): number => {
    const text = store.readText(f) ?? '';
    const base = path.basename(f);
    return (/\.listen\(/.test(text) ? 4 : 0) + (/^(main|server|index|bootstrap)\.ts$/.test(base) ? 2 : 0) - f.split(path.sep).length / 100;
  };
  return candidates.sort((a, b) => score(b) - score(a))[0];
}
