/**
 * The middleware bindings of the app: each `consumer.apply(...).exclude(...).forRoutes(...)` chain in
 * the `configure(consumer)` of a reachable module (or in a project function `configure` hands the
 * consumer to), with every argument followed by the evaluator like any other value: constants,
 * imports, spreads, arrays, helper calls. What cannot be followed is kept as `unknown`, never dropped.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration } from 'ts-morph';
import type { MiddlewareBinding, MiddlewareItem, RouteSelector } from '../semantics/middleware/types';
import { isControllerClass } from './controllers';
import type { Evaluator } from './evaluate';
import { requestMethodOf } from './nestApi';
import { asString, display, truthy, type Env, type Value } from './values';

export interface ConfiguringModule {
  name: string;
  decl: ClassDeclaration;
}

const MAX_HELPER_DEPTH = 2;

export function middlewareBindings(modules: readonly ConfiguringModule[], ev: Evaluator): MiddlewareBinding[] {
  const out: MiddlewareBinding[] = [];
  const seen = new Set<ClassDeclaration>();
  for (const m of modules) {
    if (seen.has(m.decl)) continue;
    seen.add(m.decl);
    const configure = m.decl.getInstanceMethod('configure');
    // `this` in configure() is the module instance Nest built: its injected providers are followed.
    const self: Env = new Map([['this', { kind: 'instance', of: { kind: 'class', decl: m.decl, name: m.name }, node: m.decl, injected: true }]]);
    if (configure) collect(configure, m.name, ev, out, 0, self);
  }
  return out;
}

/** Chains in a function body; project functions handed the consumer are read too, two levels deep. */
function collect(fn: Node, module: string, ev: Evaluator, out: MiddlewareBinding[], depth: number, env: Env): void {
  const consumer = (fn as unknown as { getParameters?(): Array<{ getName(): string }> }).getParameters?.()[0]?.getName();
  for (const call of fn.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'forRoutes') {
      const b = chainOf(call, module, ev, fn, env);
      if (b) out.push(b);
    } else if (consumer && depth < MAX_HELPER_DEPTH && call.getArguments().some((a) => a.getText() === consumer)) {
      const target = ev.eval(callee, env);
      if (target.kind === 'function' && !target.node.getSourceFile().isFromExternalLibrary()) collect(target.node, module, ev, out, depth + 1, target.env);
    }
  }
}

function chainOf(forRoutes: CallExpression, module: string, ev: Evaluator, scope: Node, env: Env): MiddlewareBinding | undefined {
  let readsEnv = false;
  const select = (call: CallExpression): RouteSelector[] => {
    const read = readsUnsetEnv(ev, () => selectors(call, ev, env));
    readsEnv ||= read.readsEnv;
    return read.value;
  };
  const b = readChain(forRoutes, module, ev, scope, env, select);
  // Where it is bound must not hang on the guess that the environment is empty.
  if (b && readsEnv && !b.condition) b.condition = 'process.env (its forRoutes/exclude arguments read a variable that is not set for the analysis)';
  return b;
}

function readChain(forRoutes: CallExpression, module: string, ev: Evaluator, scope: Node, env: Env, select: (c: CallExpression) => RouteSelector[]): MiddlewareBinding | undefined {
  const include = select(forRoutes);
  const exclude: RouteSelector[] = [];
  let cur: Node = forRoutes.getExpression();
  while (Node.isPropertyAccessExpression(cur)) {
    const inner = cur.getExpression();
    if (!Node.isCallExpression(inner)) return undefined;
    const callee = inner.getExpression();
    const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : '';
    if (name === 'exclude') exclude.push(...select(inner));
    if (name === 'apply') {
      const condition = conditionOf(forRoutes, scope, ev, env);
      if (condition === false) return undefined;
      const items = inner.getArguments().flatMap((arg) => middlewareItems(arg, ev, env));
      return { module, items, include, exclude, at: inner, ...(typeof condition === 'string' ? { condition } : {}) };
    }
    cur = callee;
  }
  return undefined;
}

/**
 * The middleware an `apply` argument gives. A factory call may read its settings from `process.env`
 * (`apiKey(process.env.KEY)`): that configures the middleware, it does not choose it; reading the
 * environment anywhere else (`process.env.AUTH ? AuthMiddleware : Noop`) does choose it.
 */
export function middlewareItems(arg: Node, ev: Evaluator, env: Env): MiddlewareItem[] {
  const factoryCall = Node.isCallExpression(arg);
  const read = readsUnsetEnv(ev, () => ev.evalList([arg], env, 0));
  // A call is named as written, without its arguments: `session()`, `requireKey()`, `passport.initialize()`.
  const called = factoryCall ? `${arg.getExpression().getText().replace(/\s+/g, '')}()` : undefined;
  const values = read.value.flatMap((v) => (v.kind === 'array' ? v.items : [v]));
  // One middleware held by a property (`this.sessions.middleware`) is named as written, not as the call that made it.
  const written = called ?? (Node.isPropertyAccessExpression(arg) && values.length === 1 ? arg.getText().replace(/\s+/g, '') : undefined);
  const items = values.map(toItem).map((i) => (written ? { ...i, name: written } : i));
  if (read.readsEnv && !factoryCall) {
    const reason = 'chosen by a process.env variable that is not set for the analysis';
    return items.map((i) => ({ name: i.name, source: { kind: 'unknown', reason } }));
  }
  return items;
}

/**
 * false when the chain never runs, the condition's text when it depends on something only known at run
 * time (a setting, the environment), undefined when it always runs.
 */
export function conditionOf(call: Node, scope: Node, ev: Evaluator, env: Env): string | false | undefined {
  let child: Node = call;
  for (let cur = call.getParent(); cur && cur !== scope; child = cur, cur = cur.getParent()) {
    let cond: Node | undefined;
    let positive = true;
    if (Node.isIfStatement(cur) && child !== cur.getExpression()) {
      cond = cur.getExpression();
      positive = child === cur.getThenStatement();
    } else if (Node.isConditionalExpression(cur) && child !== cur.getCondition()) {
      cond = cur.getCondition();
      positive = child === cur.getWhenTrue();
    } else if (Node.isBinaryExpression(cur) && child === cur.getRight() && cur.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken) {
      cond = cur.getLeft();
    }
    if (!cond) continue;
    // The environment is read as unset everywhere else; whether authentication is bound must not hang on that guess.
    const read = readsUnsetEnv(ev, () => truthy(ev.eval(cond, env)));
    const t = read.readsEnv ? undefined : read.value;
    if (t === undefined) return `the run-time condition ${positive ? '' : '!'}(${cond.getText().replace(/\s+/g, ' ')})`;
    if (t !== positive) return false;
  }
  return undefined;
}

/**
 * Runs `fn` and tells whether it read a `process.env` variable the app's environment (given, or its own
 * env files) does not set: the evaluator takes such a variable as unset, which is a guess. Whether and
 * where authentication is bound must not hang on a guess.
 */
function readsUnsetEnv<T>(ev: Evaluator, fn: () => T): { value: T; readsEnv: boolean } {
  const { value, trace } = ev.capture(fn);
  return { value, readsEnv: [...trace.env.keys()].some((name) => !ev.run.vars.has(name)) };
}

function selectors(call: CallExpression, ev: Evaluator, env: Env): RouteSelector[] {
  return ev.evalList(call.getArguments(), env, 0).flatMap((v) => toSelectors(v, call));
}

function toSelectors(v: Value, call: CallExpression): RouteSelector[] {
  if (v.kind === 'array') return v.items.flatMap((i) => toSelectors(i, call));
  const text = selectorText(v, call);
  const path = asString(v);
  if (path !== undefined && v.kind === 'literal') return [{ kind: 'path', path, method: 'USE', text }];
  if (v.kind === 'object') {
    const p = asString(v.props.get('path') ?? { kind: 'literal', value: undefined });
    const method = requestMethodOf(v.props.get('method') ?? { kind: 'literal', value: undefined });
    if (p === undefined || !method) return [{ kind: 'unknown', text, reason: 'a { path, method } entry not known statically' }];
    const versions = versionsOf(v.props.get('version'));
    if (versions === null) return [{ kind: 'unknown', text, reason: 'its version is not known statically' }];
    return [{ kind: 'path', path: p, method, ...(versions ? { versions } : {}), text }];
  }
  if (v.kind === 'class') {
    return isControllerClass(v.decl) ? [{ kind: 'controller', name: v.name, decl: v.decl, text }] : [{ kind: 'unknown', text, reason: `${v.name} is not a controller` }];
  }
  if (v.kind === 'external') return [{ kind: 'unknown', text, reason: `${v.name} comes from the package ${v.module}` }];
  return [{ kind: 'unknown', text, reason: v.kind === 'unknown' ? v.reason : `a ${v.kind}` }];
}

/** undefined when absent, null when not known. */
function versionsOf(v: Value | undefined): string[] | undefined | null {
  if (!v || (v.kind === 'literal' && v.value === undefined)) return undefined;
  const items = v.kind === 'array' ? v.items : [v];
  const out = items.map((i) => (i.kind === 'external' && i.name === 'VERSION_NEUTRAL' ? 'VERSION_NEUTRAL' : asString(i)));
  return out.every((s): s is string => s !== undefined) ? out : null;
}

function selectorText(v: Value, call: CallExpression): string {
  if (v.kind === 'literal' && typeof v.value === 'string') return `'${v.value}'`;
  if (v.kind === 'object') {
    const method = requestMethodOf(v.props.get('method') ?? { kind: 'literal', value: undefined });
    const path = asString(v.props.get('path') ?? { kind: 'literal', value: undefined });
    return `{ path: '${path ?? '?'}', method: ${method ? `RequestMethod.${method}` : '?'} }`;
  }
  if (v.kind === 'unknown' && v.node) return v.node.getText().replace(/\s+/g, ' ');
  return display(v, call);
}

function toItem(v: Value): MiddlewareItem {
  switch (v.kind) {
    case 'class':
      return { name: v.name, source: { kind: 'class', decl: v.decl } };
    case 'function':
      return { name: v.name || 'middleware function', source: { kind: 'function', node: v.node } };
    case 'mixin':
      if (v.module) return { name: v.text, source: { kind: 'package', module: v.module, path: v.callee, called: true, args: v.args.map(argText) } };
      return { name: v.text, source: { kind: 'unknown', reason: 'a call whose result is not followed' } };
    case 'external':
      return { name: v.name, source: { kind: 'package', module: v.module, path: v.name, called: false, args: [] } };
    default:
      return { name: display(v), source: { kind: 'unknown', reason: v.kind === 'unknown' ? v.reason : `a ${v.kind}` } };
  }
}

function argText(v: Value): string {
  if (v.kind === 'literal' && typeof v.value === 'string') return v.value;
  if (v.kind === 'array') return v.items.map(argText).join(',');
  return v.kind === 'function' ? '<function>' : '<value>';
}
