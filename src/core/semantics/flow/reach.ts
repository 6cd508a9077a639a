/**
 * The project functions a handler reaches through its calls (`this.service.m()`, `this.helper()`,
 * imported functions), each with a scope whose parameters hold what the call passed, two calls deep.
 */
import { Node } from 'ts-morph';
import type { FlowScope } from './scope';
import { isFunctionLike, ownNodes } from './names';
import { isLogCall } from './effects';
import { calledFunction } from '../handlerChecks/secretTests';

export interface Reached {
  fn: Node;
  scope: FlowScope;
}

export function reachedFunctions(fn: Node, scope: FlowScope, depth = 2): Reached[] {
  const out: Reached[] = [{ fn, scope }];
  const seen = new Set<Node>([fn]);
  const walk = (cur: Reached, left: number): void => {
    if (left === 0) return;
    for (const call of ownNodes(cur.fn).filter(Node.isCallExpression)) {
      if (isLogCall(call)) continue;
      const target = calledFunction(call, cur.scope);
      if (!target || seen.has(target)) continue;
      seen.add(target);
      const next = { fn: target, scope: cur.scope.enter(target, call.getArguments().map((a) => (isFunctionLike(a) ? cur.scope.captured(a) : cur.scope.contained(a)))) };
      out.push(next);
      walk(next, left - 1);
    }
  };
  walk(out[0], depth);
  return out;
}
