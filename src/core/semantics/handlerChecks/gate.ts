/**
 * Does every way to a handler's effect first pass a secret check? The body's statements are read in
 * order: statements without effect are skipped; the first one that matters must be the check, either
 * `if (mismatch) throw|return` (the rejection exits without effect), `if (match) { ... } else throw`,
 * `if (match) { ... }` followed only by an exit, a `try` whose block starts with the check and whose
 * `catch` has no effect, or a call of a project helper whose own body starts with a check that throws.
 * A comparison whose branches have no effect (it only logs) is remembered, and is no check.
 */
import { Node } from 'ts-morph';
import type { IfStatement, Statement } from 'ts-morph';
import { unwrap } from '../ast';
import type { FlowScope } from '../flow/scope';
import type { SecretComparison } from './secretTests';
import { calledFunction, matchTest, mismatchTest } from './secretTests';
import { exitOf, isInertStatement, responseParams } from '../flow/effects';

export interface Gate {
  comparison: SecretComparison;
  /** What happens to a request that fails the check. */
  rejects: 'throws' | 'returns';
  /** The statement holding the check (in the handler, or the helper call). */
  statement: Node;
  /** The helper whose body holds the check (`this.assertCronKey`), when not the handler itself. */
  helper?: string;
}

export interface GateWalk {
  gate?: Gate;
  /** Secret comparisons before the effect whose outcome changes nothing but a log line. */
  logsOnly: SecretComparison[];
}

type Step = { gate: Gate } | { effect: Node } | { end: true };

export function walkGate(fn: Node, scope: FlowScope): GateWalk {
  const body = (fn as unknown as { getBody?: () => Node | undefined }).getBody?.();
  const logsOnly: SecretComparison[] = [];
  if (!body || !Node.isBlock(body)) return { logsOnly };
  const step = walk(body.getStatements(), scope, responseParams(fn), logsOnly);
  return 'gate' in step ? { gate: step.gate, logsOnly } : { logsOnly };
}

function walk(stmts: Statement[], scope: FlowScope, res: ReadonlySet<string>, logsOnly: SecretComparison[]): Step {
  for (let i = 0; i < stmts.length; i++) {
    const st = stmts[i];
    if (Node.isIfStatement(st)) {
      const step = ifStep(st, stmts.slice(i + 1), scope, res, logsOnly);
      if (step === 'inert') continue;
      return step;
    }
    if (Node.isTryStatement(st)) {
      const inner = walk(st.getTryBlock().getStatements(), scope, res, logsOnly);
      if ('end' in inner) continue;
      if ('effect' in inner) return inner;
      const handler = st.getCatchClause()?.getBlock();
      if (!handler || inner.gate.rejects === 'returns') return inner;
      // The rejection is caught: the catch block must exit, or let nothing with an effect run after the try.
      const exit = exitOf(handler, scope, res)
        ?? (isInertStatement(handler, scope, res) ? tailExit(stmts.slice(i + 1), scope, res) : undefined);
      return exit ? { gate: { ...inner.gate, rejects: exit } } : { effect: handler };
    }
    const helper = helperGate(st, scope);
    if (helper) return { gate: helper };
    if (isInertStatement(st, scope, res)) continue;
    return { effect: st };
  }
  return { end: true };
}

function ifStep(st: IfStatement, rest: Statement[], scope: FlowScope, res: ReadonlySet<string>, logsOnly: SecretComparison[]): Step | 'inert' {
  const cond = st.getExpression();
  const [then, els] = [st.getThenStatement(), st.getElseStatement()];
  const mismatch = mismatchTest(cond, scope);
  const match = matchTest(cond, scope);
  const thenExit = exitOf(then, scope, res);
  if (mismatch && thenExit) return { gate: { comparison: mismatch, rejects: thenExit, statement: st } };
  const elseExit = exitOf(els, scope, res);
  if (match && elseExit) return { gate: { comparison: match, rejects: elseExit, statement: st } };
  if (match && !els) {
    const tail = tailExit(rest, scope, res);
    if (tail) return { gate: { comparison: match, rejects: tail, statement: st } };
  }
  if (isInertStatement(st, scope, res)) {
    if (mismatch ?? match) logsOnly.push((mismatch ?? match)!);
    return 'inert';
  }
  return { effect: st };
}

/** What follows `if (match) { ... }`: statements without effect, then an exit (or the end: returns). */
function tailExit(rest: Statement[], scope: FlowScope, res: ReadonlySet<string>): 'throws' | 'returns' | undefined {
  for (const st of rest) {
    const exit = exitOf(st, scope, res);
    if (exit) return exit;
    if (!isInertStatement(st, scope, res)) return undefined;
  }
  return 'returns';
}

/** `this.assertKey(key);` / `await this.keys.verify(key);`: a project helper whose body starts with a check that throws. */
function helperGate(st: Statement, scope: FlowScope): Gate | undefined {
  if (!Node.isExpressionStatement(st)) return undefined;
  const call = unwrap(st.getExpression());
  if (!Node.isCallExpression(call) || scope.follow >= 2) return undefined;
  const fn = calledFunction(call, scope);
  if (!fn) return undefined;
  const inner = scope.enter(fn, call.getArguments().map((a) => scope.originsOf(a)));
  const found = walkGate(fn, inner).gate;
  if (!found || found.rejects !== 'throws') return undefined;
  return { ...found, statement: st, helper: found.helper ?? call.getExpression().getText() };
}
