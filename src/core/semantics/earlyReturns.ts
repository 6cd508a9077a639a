/**
 * How `canActivate` short-circuits to `true`: on a key being present (a public marker it honours),
 * on a key being absent (an opt-in guard), or always (a marker guard).
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { Block, ClassDeclaration, MethodDeclaration, Statement } from 'ts-morph';
import type { EarlyReturn, ValueTest } from './types';
import type { FoundRead } from './reflectorReads';
import { boundName, isTrueLiteral, unwrap } from './ast';

export interface EarlyReturns {
  trueWhenPresent: EarlyReturn[];
  trueWhenAbsent: EarlyReturn[];
  alwaysTrue: boolean;
}

type Polarity = 'present' | 'absent';
type Read = FoundRead & { helper?: string };
interface Test { read: Read; polarity: Polarity; test: ValueTest }

export function earlyReturns(method: MethodDeclaration, reads: FoundRead[], classes: ClassDeclaration[] = []): EarlyReturns {
  const inMethod: Read[] = reads.filter((r) => r.call.getFirstAncestor((a) => a === method));
  // `if (this.isPublic(ctx)) return true`: a helper method of the guard that returns a read.
  for (const [name, read] of helperReads(classes, reads)) inMethod.push({ ...read, helper: name });
  const byVar = new Map<string, FoundRead>();
  for (const r of inMethod) {
    const v = boundName(r.call);
    if (v) byVar.set(v, r);
  }
  const tests: Test[] = [];
  for (const node of ownNodes(method)) {
    if (Node.isIfStatement(node)) {
      const negated = (): Test[] => testsOf(node.getExpression(), inMethod, byVar).map((t) => ({ ...t, polarity: flip(t.polarity) }));
      const elseStmt = node.getElseStatement();
      if (returnsTrue(node.getThenStatement())) tests.push(...testsOf(node.getExpression(), inMethod, byVar));
      else if (elseStmt && returnsTrue(elseStmt)) tests.push(...negated());
      else if (!elseStmt && terminates(node.getThenStatement()) && nextIsReturnTrue(node)) tests.push(...negated());
    } else if (Node.isReturnStatement(node)) {
      const e = node.getExpression();
      if (!e) continue;
      const u = unwrap(e);
      if (Node.isConditionalExpression(u) && isTrueLiteral(u.getWhenTrue())) {
        tests.push(...testsOf(u.getCondition(), inMethod, byVar));
      } else if (Node.isConditionalExpression(u) && isTrueLiteral(u.getWhenFalse())) {
        tests.push(...testsOf(u.getCondition(), inMethod, byVar).map((t) => ({ ...t, polarity: flip(t.polarity) })));
      } else if (Node.isBinaryExpression(u) && u.getOperatorToken().getKind() === SyntaxKind.BarBarToken) {
        tests.push(...testsOf(u.getLeft(), inMethod, byVar));
      }
    }
  }
  const toEarly = (p: Polarity): EarlyReturn[] => dedupe(tests.filter((t) => t.polarity === p)
    .map((t) => ({ key: t.read.read.key, scope: t.read.read.scope, test: t.test, method: t.read.read.method })));
  return { trueWhenPresent: toEarly('present'), trueWhenAbsent: toEarly('absent'), alwaysTrue: alwaysTrue(method) };
}

/** Statements and expressions of the method body, not inside nested functions. */
function ownNodes(method: MethodDeclaration): Node[] {
  const out: Node[] = [];
  const body = method.getBody();
  if (!body) return out;
  const walk = (n: Node): void => {
    for (const c of n.getChildren()) {
      if (Node.isFunctionLikeDeclaration(c) || Node.isArrowFunction(c) || Node.isFunctionExpression(c)) continue;
      out.push(c);
      walk(c);
    }
  };
  walk(body);
  return out;
}

function returnsTrue(stmt: Statement): boolean {
  if (Node.isReturnStatement(stmt)) return isTrueLiteral(stmt.getExpression());
  if (Node.isBlock(stmt)) return (stmt as Block).getStatements().some((s) => Node.isReturnStatement(s) && isTrueLiteral(s.getExpression()));
  return false;
}

/** The statement always leaves the function (its last statement returns or throws). */
function terminates(stmt: Statement): boolean {
  if (Node.isReturnStatement(stmt) || Node.isThrowStatement(stmt)) return true;
  if (Node.isBlock(stmt)) {
    const last = stmt.getStatements().at(-1);
    return !!last && (Node.isReturnStatement(last) || Node.isThrowStatement(last));
  }
  return false;
}

/** `if (...) { ... } return true;`: the statement after the if returns true. */
function nextIsReturnTrue(stmt: Statement): boolean {
  const next = stmt.getNextSibling();
  return !!next && Node.isReturnStatement(next) && isTrueLiteral(next.getExpression());
}

function testsOf(expr: Node, reads: Read[], byVar: Map<string, FoundRead>): Test[] {
  const e = unwrap(expr);
  const readOf = (n: Node): Read | undefined => {
    const u = unwrap(n);
    if (Node.isIdentifier(u)) return byVar.get(u.getText());
    if (Node.isCallExpression(u)) {
      const callee = u.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getExpression().getKind() === SyntaxKind.ThisKeyword) {
        const viaHelper = reads.find((r) => r.helper === callee.getName());
        if (viaHelper) return viaHelper;
      }
      return reads.find((r) => r.call === u);
    }
    if (Node.isPropertyAccessExpression(u) && u.getName() === 'length') return readOf(u.getExpression());
    return undefined;
  };
  const direct = readOf(e);
  if (direct) return [{ read: direct, polarity: 'present', test: lengthRead(e) ? 'nonEmpty' : 'truthy' }];
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) {
    return testsOf(e.getOperand(), reads, byVar).map((t) => ({ ...t, polarity: flip(t.polarity) }));
  }
  if (Node.isCallExpression(e) && e.getExpression().getText() === 'Boolean' && e.getArguments()[0]) {
    return testsOf(e.getArguments()[0], reads, byVar);
  }
  if (Node.isBinaryExpression(e)) {
    const op = e.getOperatorToken().getKind();
    if (op === SyntaxKind.BarBarToken) return [...testsOf(e.getLeft(), reads, byVar), ...testsOf(e.getRight(), reads, byVar)];
    const left = readOf(e.getLeft());
    const right = e.getRight().getText();
    if (!left) return [];
    const eq = op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.EqualsEqualsToken;
    const ne = op === SyntaxKind.ExclamationEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    const loose = op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
    const length = lengthRead(e.getLeft());
    const t = (test: ValueTest, holdsWhenEqual: boolean): Test[] => [{ read: left, polarity: eq === holdsWhenEqual ? 'present' : 'absent', test }];
    if (eq || ne) {
      if (right === 'true') return t('true', true);
      if (right === 'undefined') return t(loose ? 'nonNull' : 'defined', false);
      // `=== null` alone misses `undefined` (an absent key): only the loose form is a presence test.
      if (right === 'null' && loose) return t('nonNull', false);
      if (right === 'false') return t('notFalse', false);
      if (right === '0' && length) return t('nonEmpty', false);
    }
    if (length && ((op === SyntaxKind.GreaterThanToken && right === '0') || (op === SyntaxKind.GreaterThanEqualsToken && right === '1'))) {
      return [{ read: left, polarity: 'present', test: 'nonEmpty' }];
    }
    if (length && ((op === SyntaxKind.LessThanToken && right === '1') || (op === SyntaxKind.LessThanEqualsToken && right === '0'))) {
      return [{ read: left, polarity: 'absent', test: 'nonEmpty' }];
    }
  }
  return [];
}

/** Methods (other than canActivate) whose every return is a metadata read, by method name. */
function helperReads(classes: ClassDeclaration[], reads: FoundRead[]): [string, FoundRead][] {
  const out: [string, FoundRead][] = [];
  for (const cls of classes) {
    for (const m of cls.getInstanceMethods()) {
      if (m.getName() === 'canActivate') continue;
      const returns = ownNodes(m).filter(Node.isReturnStatement);
      const local = reads.filter((r) => r.call.getFirstAncestor((a) => a === m));
      const byVar = new Map(local.map((r) => [boundName(r.call) ?? '', r] as const));
      const readOf = (e: Node | undefined): FoundRead | undefined => {
        if (!e) return undefined;
        const u = unwrap(e);
        return Node.isIdentifier(u) ? byVar.get(u.getText()) : local.find((r) => r.call === u);
      };
      const found = returns.map((r) => readOf(r.getExpression()));
      if (found.length > 0 && found.every((f) => f !== undefined)) out.push([m.getName(), found[0]!]);
    }
  }
  return out;
}

/** `roles.length`, `roles?.length`: the test is on emptiness. */
function lengthRead(n: Node): boolean {
  const u = unwrap(n);
  return Node.isPropertyAccessExpression(u) && u.getName() === 'length';
}

function flip(p: Polarity): Polarity {
  return p === 'present' ? 'absent' : 'present';
}

function dedupe(list: EarlyReturn[]): EarlyReturn[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.key}|${e.scope}|${e.test}|${e.method}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Every return of the method body returns the literal `true`, and nothing throws. */
function alwaysTrue(method: MethodDeclaration): boolean {
  const nodes = ownNodes(method);
  const returns = nodes.filter(Node.isReturnStatement);
  if (returns.length === 0) return false;
  if (nodes.some(Node.isThrowStatement)) return false;
  return returns.every((r) => isTrueLiteral(r.getExpression()));
}
