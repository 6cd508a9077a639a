/**
 * Which statements and expressions have no effect a credential check must come before: reading the
 * request or a setting, converting, comparing, logging, building an exception, answering on `@Res()`.
 * Anything else (a service call, a write to `this`, an unknown function) counts as an effect.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, Statement } from 'ts-morph';
import { unwrap } from '../ast';
import type { FlowScope } from './scope';
import { isFunctionLike } from './names';
import {
  CONSTANT_TIME_COMPARE, LOGGER_METHODS, LOGGER_RECEIVER, PURE_CHAIN_ROOTS, PURE_CONSTRUCTOR, PURE_METHODS, PURE_RECEIVERS, VALUE_FUNCTIONS, VALUE_METHODS,
} from './vocabulary';

const READ_ORIGINS = new Set(['client', 'identity', 'secret', 'request', 'context', 'settings', 'store']);

/** `console.warn(...)`, `this.logger.log(...)`. */
export function isLogCall(call: CallExpression): boolean {
  const callee = unwrap(call.getExpression());
  return Node.isPropertyAccessExpression(callee) && LOGGER_METHODS.has(callee.getName())
    && LOGGER_RECEIVER.test(callee.getExpression().getText().replace(/\s+/g, ''));
}

/** A call on the response object of `@Res()` (`res.status(401).send()`): answering, not acting. */
function isResponseCall(call: CallExpression, responses: ReadonlySet<string>): boolean {
  let cur: Node = call.getExpression();
  while (Node.isPropertyAccessExpression(cur) || Node.isCallExpression(cur)) cur = cur.getExpression();
  return Node.isIdentifier(cur) && responses.has(cur.getText());
}

/** `createHmac('sha256', key).update(body).digest('hex')`: a chain rooted in a hash constructor. */
function isHashChain(call: CallExpression): boolean {
  let cur: Node = call;
  let root: CallExpression | undefined;
  while (Node.isPropertyAccessExpression(cur) || Node.isCallExpression(cur)) {
    if (Node.isCallExpression(cur)) root = cur;
    cur = cur.getExpression();
  }
  if (!root) return false;
  const callee = root.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  return PURE_CHAIN_ROOTS.has(name);
}

function isReadCall(call: CallExpression, scope: FlowScope, responses: ReadonlySet<string>): boolean {
  if (isLogCall(call) || isResponseCall(call, responses) || isHashChain(call)) return true;
  const callee = unwrap(call.getExpression());
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : callee.getText();
  if (CONSTANT_TIME_COMPARE.has(name) || (Node.isIdentifier(callee) && (VALUE_FUNCTIONS.has(name) || name === 'Boolean' || name === 'isNaN'))) return true;
  if (Node.isPropertyAccessExpression(callee)) {
    const recv = unwrap(callee.getExpression());
    if (PURE_RECEIVERS.has(recv.getText())) return true;
    const recvOrigins = scope.originsOf(recv);
    if (recvOrigins.some((o) => o.kind === 'instance')) return false;
    if ((VALUE_METHODS.has(name) || PURE_METHODS.has(name)) && !recv.getText().startsWith('this.')) return true;
  }
  const origins = scope.originsOf(call);
  return origins.length > 0 && origins.every((o) => READ_ORIGINS.has(o.kind));
}

/** An expression that only reads and computes (nested functions are not run, so they do not count). */
export function isInertExpression(expr: Node, scope: FlowScope, responses: ReadonlySet<string>): boolean {
  const check = (n: Node): boolean => {
    if (isFunctionLike(n)) return true;
    if (Node.isCallExpression(n) && !isReadCall(n, scope, responses)) return false;
    if (Node.isNewExpression(n) && !PURE_CONSTRUCTOR.test(n.getExpression().getText().split('.').pop() ?? '')) return false;
    if (Node.isDeleteExpression(n)) return false;
    if (Node.isBinaryExpression(n) && /^[-+*/%&|^]?=$|^(\?\?|\|\||&&)=$/.test(n.getOperatorToken().getText())) {
      const left = unwrap(n.getLeft());
      if (!Node.isIdentifier(left)) return false;
    }
    return n.getChildren().every(check);
  };
  return check(expr);
}

/** How a statement leaves the function without an effect: it throws, or returns an inert value. */
export function exitOf(st: Statement | undefined, scope: FlowScope, responses: ReadonlySet<string>): 'throws' | 'returns' | undefined {
  if (!st) return undefined;
  if (Node.isThrowStatement(st)) return isInertExpression(st.getExpression(), scope, responses) ? 'throws' : undefined;
  if (Node.isReturnStatement(st)) {
    const e = st.getExpression();
    return !e || isInertExpression(e, scope, responses) ? 'returns' : undefined;
  }
  if (Node.isBlock(st)) {
    const list = st.getStatements();
    const last = list[list.length - 1];
    return list.slice(0, -1).every((s) => isInertStatement(s, scope, responses)) ? exitOf(last, scope, responses) : undefined;
  }
  return undefined;
}

/** A statement with no effect (declarations of reads, logging, an `if` whose branches are such or exit). */
export function isInertStatement(st: Statement, scope: FlowScope, responses: ReadonlySet<string>): boolean {
  if (Node.isEmptyStatement(st)) return true;
  if (Node.isVariableStatement(st)) {
    return st.getDeclarations().every((d) => {
      const init = d.getInitializer();
      return !init || isInertExpression(init, scope, responses);
    });
  }
  if (Node.isExpressionStatement(st)) return isInertExpression(st.getExpression(), scope, responses);
  if (Node.isBlock(st)) return st.getStatements().every((s) => isInertStatement(s, scope, responses));
  if (Node.isIfStatement(st)) {
    const branchOk = (b: Statement | undefined): boolean => !b || isInertStatement(b, scope, responses) || exitOf(b, scope, responses) !== undefined;
    return isInertExpression(st.getExpression(), scope, responses) && branchOk(st.getThenStatement()) && branchOk(st.getElseStatement());
  }
  return false;
}

/** Names of the handler's `@Res()` / `@Response()` parameters. */
export function responseParams(fn: Node): Set<string> {
  const out = new Set<string>();
  for (const p of fn.getDescendantsOfKind(SyntaxKind.Parameter)) {
    if (p.getParent() !== fn) continue;
    if (p.getDecorators().some((d) => d.getName() === 'Res' || d.getName() === 'Response')) out.add(p.getName());
  }
  return out;
}

/**
 * How a branch leaves the function, whatever it does before (an error path may load what it reports):
 * its last statement throws or returns. For a rejection that must also have no effect, use `exitOf`.
 */
export function leaves(st: Statement | undefined): 'throws' | 'returns' | undefined {
  if (!st) return undefined;
  if (Node.isThrowStatement(st)) return 'throws';
  if (Node.isReturnStatement(st)) return 'returns';
  if (Node.isBlock(st)) {
    const list = st.getStatements();
    return leaves(list[list.length - 1]);
  }
  return undefined;
}
