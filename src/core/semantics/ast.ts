/** Small syntactic helpers over ts-morph nodes used by the semantics modules. */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ClassDeclaration, Expression, MethodDeclaration } from 'ts-morph';

/** `a.b.c(...)` gives `c`; `c(...)` gives `c`. */
export function calleeName(call: CallExpression): string {
  const callee = call.getExpression();
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  if (Node.isIdentifier(callee)) return callee.getText();
  return '';
}

/** The receiver text of a method call (`this.reflector` for `this.reflector.get(...)`). */
export function receiverText(call: CallExpression): string {
  const callee = call.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getExpression().getText() : '';
}

/** Strip parentheses, `await`, non-null assertions and `as` casts. */
export function unwrap(expr: Node): Node {
  let e = expr;
  for (;;) {
    if (Node.isParenthesizedExpression(e) || Node.isAwaitExpression(e) || Node.isNonNullExpression(e)
      || Node.isAsExpression(e) || Node.isTypeAssertion(e) || Node.isSatisfiesExpression(e)) {
      e = e.getExpression();
    } else {
      return e;
    }
  }
}

export function isTrueLiteral(expr: Node | undefined): boolean {
  return !!expr && unwrap(expr).getKind() === SyntaxKind.TrueKeyword;
}

/** Methods of a class by name. */
export function methodOf(cls: ClassDeclaration, name: string): MethodDeclaration | undefined {
  return cls.getInstanceMethod(name);
}

/** The text of an expression, whitespace collapsed (for messages). */
export function shortText(node: Node, max = 60): string {
  const t = node.getText().replace(/\s+/g, ' ');
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/** The identifier a variable declaration initialised from `expr` binds (`const x = expr`), if any. */
export function boundName(expr: Node): string | undefined {
  let cur: Node | undefined = expr.getParent();
  while (cur && (Node.isAwaitExpression(cur) || Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur)
    || Node.isNonNullExpression(cur) || (Node.isBinaryExpression(cur) && isDefaulting(cur.getOperatorToken().getKind())))) {
    cur = cur.getParent();
  }
  if (cur && Node.isVariableDeclaration(cur)) {
    const nameNode = cur.getNameNode();
    return Node.isIdentifier(nameNode) ? nameNode.getText() : undefined;
  }
  return undefined;
}

function isDefaulting(kind: SyntaxKind): boolean {
  return kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.BarBarToken;
}

/** Property name of an object literal member when statically known. */
export function propName(p: Node): string | undefined {
  if (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) || Node.isMethodDeclaration(p)) {
    return p.getName().replace(/^['"]|['"]$/g, '');
  }
  return undefined;
}

/** The value of `name` in an object literal: `name: x` gives `x`; the shorthand `{ name }` gives the identifier. */
export function propInit(obj: Node, name: string): Expression | undefined {
  if (!Node.isObjectLiteralExpression(obj)) return undefined;
  for (const p of obj.getProperties()) {
    if (Node.isPropertyAssignment(p) && propName(p) === name) return p.getInitializer();
    if (Node.isShorthandPropertyAssignment(p) && p.getName() === name) return p.getNameNode();
  }
  return undefined;
}
