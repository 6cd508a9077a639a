/**
 * The microservices a hybrid app connects (`app.connectMicroservice(options, hybridOptions)`), with
 * the hybrid options followed like every other value: a literal, a constant (imported or not), a
 * spread into the literal, a helper's result; JavaScript truthiness as NestJS tests it
 * (`{ inheritAppConfig: 1 }` inherits). Options that come from a package, or that a spread the
 * evaluator cannot read may hide, are not followed: `inherits` is undefined.
 */
import { Node } from 'ts-morph';
import type { CallExpression, PropertyAssignment, ShorthandPropertyAssignment } from 'ts-morph';
import type { MicroserviceConnect } from '../semantics/hybrid';
import type { AppCall } from './bootstrap';
import type { Evaluator } from './evaluate';
import { propertyName } from './syntax';
import { asString, EMPTY_ENV, truthy, type Env, type Value } from './values';

/** `appCalls` is in the order the bootstrap runs them (helpers that receive the app included, at their call). */
export function microserviceConnects(appCalls: readonly AppCall[], ev: Evaluator): MicroserviceConnect[] {
  return appCalls.flatMap((c, i) => {
    if (c.method !== 'connectMicroservice') return [];
    const guards = (from: number, to: number): CallExpression[] => appCalls.slice(from, to).filter((g) => g.method === 'useGlobalGuards').map((g) => g.call);
    return [{ call: c.call, ...hybridOptions(c.call.getArguments()[1], c.env, ev), globalGuardsBefore: guards(0, i), globalGuardsAfter: guards(i + 1, appCalls.length) }];
  });
}

type Options = Pick<MicroserviceConnect, 'inherits' | 'deferred' | 'notFollowed'>;

function hybridOptions(arg: Node | undefined, env: Env, ev: Evaluator): Options {
  if (!arg) return { inherits: false, deferred: false };
  const v = ev.eval(arg, env);
  if (v.kind === 'literal' && (v.value === undefined || v.value === null)) return { inherits: false, deferred: false };
  if (v.kind !== 'object') return { inherits: undefined, deferred: undefined, notFollowed: `the hybrid options ${text(arg)} ${origin(v, arg)}` };
  const inherit = option(v, 'inheritAppConfig', hiddenSetter(v, 'inheritAppConfig', envAt(v, arg, env), ev, 0));
  const defer = option(v, 'deferInitialization', hiddenSetter(v, 'deferInitialization', envAt(v, arg, env), ev, 0));
  const notFollowed = inherit.notFollowed ?? defer.notFollowed;
  return { inherits: inherit.value, deferred: defer.value, ...(notFollowed ? { notFollowed } : {}) };
}

/** An option's truthiness; undefined when its value is not known, or a part the evaluator cannot read may set it. */
function option(v: ObjectValue, name: string, hidden: string | undefined): { value: boolean | undefined; notFollowed?: string } {
  if (hidden) return { value: undefined, notFollowed: hidden };
  const prop = v.props.get(name);
  if (!prop) return { value: false };
  if (prop.kind === 'external') return { value: undefined, notFollowed: `${name} is imported from the package ${prop.module} (not analysed)` };
  const t = truthy(prop);
  return t === undefined ? { value: undefined, notFollowed: `${name} is only known at run time (${prop.kind === 'unknown' ? prop.reason : prop.kind})` } : { value: t };
}

type ObjectValue = Extract<Value, { kind: 'object' }>;

const MAX_SPREAD_DEPTH = 4;

/**
 * Why `name` may hold something other than what the evaluator read: a spread it cannot read (or a
 * computed key it cannot name) after the last place that sets `name`, in this literal or in the
 * literals it spreads. Undefined when nothing can.
 */
function hiddenSetter(v: ObjectValue, name: string, env: Env, ev: Evaluator, depth: number): string | undefined {
  if (!Node.isObjectLiteralExpression(v.node) || depth > MAX_SPREAD_DEPTH) return undefined;
  let hidden: string | undefined;
  for (const p of v.node.getProperties()) {
    if (Node.isSpreadAssignment(p)) {
      const spread = ev.eval(p.getExpression(), env);
      if (spread.kind !== 'object') hidden = `the hybrid options spread ${text(p.getExpression())}, which ${origin(spread, p.getExpression())}`;
      else {
        const inner = hiddenSetter(spread, name, envAt(spread, p, env), ev, depth + 1);
        if (inner || spread.props.has(name)) hidden = inner;
      }
    } else if (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) {
      const key = keyOf(p, env, ev);
      if (key === name) hidden = undefined;
      else if (key === undefined) hidden = `the hybrid options set a computed key ${text(p.getNameNode())}`;
    }
  }
  return hidden;
}

function keyOf(p: PropertyAssignment | ShorthandPropertyAssignment, env: Env, ev: Evaluator): string | undefined {
  const nameNode = p.getNameNode();
  return Node.isComputedPropertyName(nameNode) ? asString(ev.eval(nameNode.getExpression(), env)) : propertyName(nameNode);
}

/** A literal written inside `writtenAt` is read in the caller's scope; one in a constant or helper in its own. */
function envAt(v: ObjectValue, writtenAt: Node, env: Env): Env {
  return v.node === writtenAt || v.node.getFirstAncestor((a) => a === writtenAt) !== undefined ? env : EMPTY_ENV;
}

/** `is imported from the package x (not analysed)`, `is only known at run time (...)`. */
function origin(v: Value, node: Node): string {
  if (v.kind === 'external') return `is imported from the package ${v.module} (not analysed)`;
  if (v.kind === 'unknown') return `is only known at run time (${v.reason})`;
  return `is a ${v.kind} (${text(node)}), not an options object`;
}

function text(node: Node): string {
  const t = node.getText().replace(/\s+/g, ' ');
  return t.length > 50 ? `${t.slice(0, 49)}…` : t;
}
