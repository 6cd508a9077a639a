/**
 * Conditions whose value a guard body decides by itself: literals, `typeof` of a value whose kind is
 * known (`typeof 'reason' === 'string'`), and a certificate's `subject`/`issuer` object compared with a
 * string (never equal: in Node both are objects). Undefined when the value depends on the request.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { unwrap } from './ast';
import { bindingKind, isCertObjectField, kindOf, typeOfKind, type Env, type Kind } from './symbolic';

const EQUALITY = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);
const NEGATED = new Set([SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

export function constantTruth(node: Node, env: Env, depth = 0): boolean | undefined {
  if (depth > 10) return undefined;
  const e = unwrap(node);
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const v = constantTruth(e.getOperand(), env, depth + 1);
    return v === undefined ? undefined : !v;
  }
  if (Node.isBinaryExpression(e)) return binaryTruth(e, env, depth);
  if (Node.isCallExpression(e)) {
    const replaced = env.calls.get(e);
    if (replaced?.kind === 'expr') return constantTruth(replaced.node, replaced.env, depth + 1);
    if (replaced) return truthOfKind(bindingKind(replaced));
    return undefined;
  }
  return truthOfKind(kindOf(e, env));
}

function truthOfKind(k: Kind): boolean | undefined {
  if (k.k === 'literal') return Boolean(k.value);
  if (k.k === 'object') return true;
  return undefined;
}

function binaryTruth(e: Node, env: Env, depth: number): boolean | undefined {
  if (!Node.isBinaryExpression(e)) return undefined;
  const op = e.getOperatorToken().getKind();
  const left = e.getLeft();
  const right = e.getRight();
  if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken) {
    const a = constantTruth(left, env, depth + 1);
    const b = constantTruth(right, env, depth + 1);
    if (op === SyntaxKind.AmpersandAmpersandToken) return a === false || b === false ? false : a === true && b === true ? true : undefined;
    return a === true || b === true ? true : a === false && b === false ? false : undefined;
  }
  if (!EQUALITY.has(op)) return undefined;
  const equal = equality(left, right, env);
  if (equal === undefined) return undefined;
  return NEGATED.has(op) ? !equal : equal;
}

/** Whether two sides are equal, when the body decides it. */
function equality(left: Node, right: Node, env: Env): boolean | undefined {
  const typeofSide = (n: Node): Node | undefined => {
    const u = unwrap(n);
    return Node.isTypeOfExpression(u) ? u.getExpression() : undefined;
  };
  for (const [a, b] of [[left, right], [right, left]]) {
    const operand = typeofSide(a);
    const lit = kindOf(b, env);
    if (operand && lit.k === 'literal' && typeof lit.value === 'string') {
      const t = typeOfKind(kindOf(operand, env));
      return t === undefined ? undefined : t === lit.value;
    }
  }
  const l = kindOf(left, env);
  const r = kindOf(right, env);
  // A certificate's subject/issuer is an object (or undefined without a certificate): never a string.
  if ((isCertObjectField(l) && isStringy(right, r)) || (isCertObjectField(r) && isStringy(left, l))) return false;
  if (l.k === 'literal' && r.k === 'literal' && !Node.isTemplateExpression(unwrap(left)) && !Node.isTemplateExpression(unwrap(right))) {
    return l.value === r.value;
  }
  return undefined;
}

function isStringy(n: Node, k: Kind): boolean {
  const u = unwrap(n);
  return (k.k === 'literal' && typeof k.value === 'string') || Node.isTemplateExpression(u);
}
