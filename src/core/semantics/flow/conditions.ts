/**
 * The logic of a condition around a comparison. A *match* test is true only when the comparison
 * holds (`a === b`, `a && cmp`, `!mismatch`); a *mismatch* test is false only when it holds (`a !== b`,
 * `!a || a !== b`). So `if (mismatch) throw` lets through only what matches. A conjunct that can make
 * the test pass without the comparison (`!force && owner !== me`) breaks it, unless the caller of
 * `conditionTest` tolerates it (an ownership check that admins skip, decided on the server's side).
 */
import { Node, SyntaxKind } from 'ts-morph';
import { unwrap } from '../ast';

export type Want = 'match' | 'mismatch';

export interface ConditionSpec<T> {
  /** A comparison (or a call that compares) of the wanted polarity, else undefined. */
  leaf(e: Node, want: Want): T | undefined;
  /** A side that may decide on its own without breaking the test (see above). */
  tolerate?(e: Node): boolean;
  /** Told of each side that breaks a test it would otherwise have been. */
  onBreak?(side: Node, found: T): void;
  /** Of two findings on either side, the one to keep. */
  prefer?(a: T, b: T): T;
}

export const flip = (w: Want): Want => (w === 'match' ? 'mismatch' : 'match');

const EQ = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken]);
const NEQ = new Set([SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

/** `===`/`==` for a match, `!==`/`!=` for a mismatch. */
export function isEquality(e: Node, want: Want): boolean {
  return Node.isBinaryExpression(e) && (want === 'match' ? EQ : NEQ).has(e.getOperatorToken().getKind());
}

export function conditionTest<T>(expr: Node, want: Want, spec: ConditionSpec<T>): T | undefined {
  const e = unwrap(expr);
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) return conditionTest(e.getOperand(), flip(want), spec);
  if (Node.isBinaryExpression(e)) {
    const op = e.getOperatorToken().getKind();
    const [l, r] = [e.getLeft(), e.getRight()];
    // `a && b` is true only if both are; `a || b` is false only if both are.
    const either = (want === 'match' && op === SyntaxKind.AmpersandAmpersandToken) || (want === 'mismatch' && op === SyntaxKind.BarBarToken);
    const both = (want === 'match' && op === SyntaxKind.BarBarToken) || (want === 'mismatch' && op === SyntaxKind.AmpersandAmpersandToken);
    if (either) {
      const [a, b] = [conditionTest(l, want, spec), conditionTest(r, want, spec)];
      return a !== undefined && b !== undefined ? (spec.prefer ? spec.prefer(a, b) : a) : a ?? b;
    }
    if (both) return bothSides(l, r, want, spec);
  }
  return spec.leaf(e, want);
}

function bothSides<T>(l: Node, r: Node, want: Want, spec: ConditionSpec<T>): T | undefined {
  const [a, b] = [conditionTest(l, want, spec), conditionTest(r, want, spec)];
  if (a !== undefined && b !== undefined) return a;
  const found = a ?? b;
  if (found === undefined) return undefined;
  const other = a === undefined ? l : r;
  if (spec.tolerate?.(other)) return found;
  spec.onBreak?.(other, found);
  return undefined;
}
