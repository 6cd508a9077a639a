/**
 * A decorator as written on a class or method, turned into its effects (guards, metadata, route,
 * controller options, version) by the evaluator. Effects keep the order NestJS applies them in.
 */
import { Node, SyntaxKind, type Decorator } from 'ts-morph';
import type { Evaluator } from './evaluate';
import { EMPTY_ENV, unknown, type Effect, type Env, type Value } from './values';

/** Decorator names that, from a package we cannot read, may hide access control. */
const SECURITY_NAME = /auth|guard|role|permission|public|secure|protect|polic|scope/i;

export function decoratorEffects(decorator: Decorator, ev: Evaluator, env: Env = EMPTY_ENV): Effect[] {
  const expr = decorator.getExpression();
  const value = ev.eval(expr, env);
  const name = decorator.getName();
  switch (value.kind) {
    case 'decorator': {
      // `@AdminOnly` where `const AdminOnly = applyDecorators(...)`: name the composite.
      const isBareUserName = !Node.isCallExpression(expr) && !(value.effects.length === 0);
      if (!isBareUserName) return value.effects;
      return value.effects.map((e) => (e.type === 'guards' || e.type === 'interceptors' || e.type === 'metadata' ? { ...e, via: [name, ...e.via] } : e));
    }
    case 'external':
      // `@ns.guard` (bare, not called) is applied as it is: from a package it may add a guard, as `@ns.guard()` may.
      return fromPackage(value.module) && SECURITY_NAME.test(name)
        ? [{ type: 'unresolved', reason: `@${expr.getText()} comes from a package the analyzer does not read`, node: decorator }]
        : [];
    case 'mixin':
      return fromPackage(value.module) && SECURITY_NAME.test(name)
        ? [{ type: 'unresolved', reason: `@${name} comes from a package the analyzer does not read`, node: decorator }]
        : [];
    case 'unknown':
      // Every way it can go ends in `Controller(...)`: only the path is unknown, the chain is not.
      if (onlyControllerPaths(value)) return [{ type: 'controller', options: unknown(`@${name}: ${value.reason}`, decorator), node: decorator }];
      // Our own code's decorator we could not follow: it may set the path, guards or metadata.
      return [{ type: 'unresolved', reason: `@${name}: ${value.reason}`, node: decorator }];
    case 'function': {
      // `const Authorize = () => () => {}`: a decorator whose body does nothing adds no guard, whatever its name.
      if (doesNothing(value.node)) return [];
      const effects = handWrittenEffects(value, ev);
      if (effects.length > 0) return effects.map((e) => (e.type === 'guards' || e.type === 'interceptors' || e.type === 'metadata' ? { ...e, via: [name, ...e.via] } : e));
      return SECURITY_NAME.test(name) ? [{ type: 'unresolved', reason: `@${name} is a hand-written decorator the analyzer cannot follow`, node: decorator }] : [];
    }
    default:
      return SECURITY_NAME.test(name) ? [{ type: 'unresolved', reason: `@${name} is a hand-written decorator the analyzer cannot follow`, node: decorator }] : [];
  }
}

/**
 * A decorator written by hand, `(target, key, descriptor) => { UseGuards(A)(target, key, descriptor); ... }`:
 * the effects of each decorator it applies to its own target, in statement order.
 */
function handWrittenEffects(fn: Extract<Value, { kind: 'function' }>, ev: Evaluator): Effect[] {
  const node = fn.node;
  if (!(Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node))) return [];
  const target = node.getParameters()[0]?.getName();
  // `SetMetadata(k, v)(descriptor.value)` sets it on the handler itself, as applying it to the method does.
  const descriptor = node.getParameters()[2]?.getName();
  const applied = (arg: Node | undefined): boolean => arg !== undefined && (arg.getText() === target || (descriptor !== undefined && arg.getText() === `${descriptor}.value`));
  const body = node.getBody();
  if (!target || !body) return [];
  const calls = Node.isBlock(body)
    ? body.getStatements().flatMap((st) => (Node.isExpressionStatement(st) || Node.isReturnStatement(st) ? [st.getExpression()] : []))
    : [body];
  const effects: Effect[] = [];
  for (const expr of calls) {
    if (!expr || !Node.isCallExpression(expr) || !applied(expr.getArguments()[0])) continue;
    const decorator = ev.eval(expr.getExpression(), fn.env);
    if (decorator.kind === 'decorator') effects.push(...decorator.effects);
  }
  return effects;
}

/** An undecided value each of whose branches is a decorator that only sets controller options (`if (!p) return Controller(prefix)`, ...). */
function onlyControllerPaths(v: Value): boolean {
  if (v.kind === 'decorator') return v.effects.length > 0 && v.effects.every((e) => e.type === 'controller');
  return v.kind === 'unknown' && v.branches !== undefined && v.branches.values.every(onlyControllerPaths);
}

/** A package other than Nest's own (whose decorators the evaluator reads). */
function fromPackage(module: string | undefined): boolean {
  return module !== undefined && !module.startsWith('@nestjs/');
}

/**
 * The function provably has no effect: its body holds no call, `new`, assignment, update, `delete`,
 * `await`, `yield` or tagged template (`() => {}`, `() => undefined`, `(t) => t`).
 */
function doesNothing(fn: Node): boolean {
  if (!(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) || Node.isFunctionDeclaration(fn))) return false;
  const body = fn.getBody();
  if (!body) return false;
  return !body.forEachDescendant((d) => {
    if (Node.isCallExpression(d) || Node.isNewExpression(d) || Node.isDeleteExpression(d) || Node.isAwaitExpression(d)
      || Node.isYieldExpression(d) || Node.isTaggedTemplateExpression(d) || Node.isThrowStatement(d)) return true;
    if (Node.isBinaryExpression(d) && ASSIGNMENT.test(d.getOperatorToken().getText())) return true;
    if ((Node.isPrefixUnaryExpression(d) || Node.isPostfixUnaryExpression(d)) && UPDATE.has(d.getOperatorToken())) return true;
    return undefined;
  });
}

const UPDATE = new Set([SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken]);
const ASSIGNMENT = /^(=|\+=|-=|\*=|\/=|%=|\*\*=|<<=|>>=|>>>=|&=|\|=|\^=|&&=|\|\|=|\?\?=)$/;

/** Effects of a list of decorators in application order: bottom decorator first. */
export function appliedEffects(decorators: Decorator[], ev: Evaluator, env: Env = EMPTY_ENV): Effect[] {
  const out: Effect[] = [];
  for (let i = decorators.length - 1; i >= 0; i--) out.push(...decoratorEffects(decorators[i], ev, env));
  return out;
}
