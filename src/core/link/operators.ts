/** Arithmetic and comparison on values the evaluator already knows (after `&&`/`||`/`??`, which short-circuit). */
import { SyntaxKind, type Node } from 'ts-morph';
import { literal, unknown, type Value } from './values';
import { abbreviate } from './syntax';

const NOT_SCALAR = Symbol('not scalar');

function scalar(v: Value): string | number | boolean | null | undefined | typeof NOT_SCALAR {
  if (v.kind === 'literal') return v.value;
  if (v.kind === 'enumMember' && v.value !== undefined) return v.value;
  if (v.kind === 'external') return `${v.module}:${v.name}`;
  return NOT_SCALAR;
}

export function binaryOperation(op: SyntaxKind, left: Value, right: Value, node: Node): Value {
  const l = scalar(left);
  const r = scalar(right);
  if (l === NOT_SCALAR || r === NOT_SCALAR) return unknown(`operation on run-time values \`${abbreviate(node.getText())}\``, node);
  switch (op) {
    case SyntaxKind.PlusToken:
      return literal(typeof l === 'number' && typeof r === 'number' ? l + r : String(l) + String(r));
    case SyntaxKind.EqualsEqualsEqualsToken:
    case SyntaxKind.EqualsEqualsToken:
      return literal(l === r);
    case SyntaxKind.ExclamationEqualsEqualsToken:
    case SyntaxKind.ExclamationEqualsToken:
      return literal(l !== r);
    case SyntaxKind.GreaterThanToken:
      return literal((l as number) > (r as number));
    case SyntaxKind.LessThanToken:
      return literal((l as number) < (r as number));
    case SyntaxKind.GreaterThanEqualsToken:
      return literal((l as number) >= (r as number));
    case SyntaxKind.LessThanEqualsToken:
      return literal((l as number) <= (r as number));
    default:
      return unknown(`unsupported operator in \`${abbreviate(node.getText())}\``, node);
  }
}
