/** Finding a declared name among variable declarations, destructuring included. */
import { Node, SyntaxKind, type VariableDeclaration } from 'ts-morph';

/** A variable declaration, or the binding element of a destructuring one (`const { api } = config`). */
export function findVariable(decls: VariableDeclaration[], name: string): Node | undefined {
  for (const d of decls) {
    const nameNode = d.getNameNode();
    if (Node.isIdentifier(nameNode)) {
      if (nameNode.getText() === name) return d;
    } else {
      const el = nameNode.getDescendantsOfKind(SyntaxKind.BindingElement).find((e) => e.getName() === name);
      if (el) return el;
    }
  }
  return undefined;
}


/**
 * A declaration of `name` visible at `node` inside a function or block (not the file's top level,
 * which SymbolTable answers). `'parameter'` when it is a parameter of an enclosing function.
 */
export function findLocalDeclaration(node: Node, name: string): Node | 'parameter' | undefined {
  for (let cur = node.getParent(); cur && !Node.isSourceFile(cur); cur = cur.getParent()) {
    if (Node.isFunctionLikeDeclaration(cur) || Node.isArrowFunction(cur) || Node.isFunctionExpression(cur)) {
      if (cur.getParameters().some((p) => p.getName() === name)) return 'parameter';
    }
    if (Node.isBlock(cur) || Node.isModuleBlock(cur)) {
      for (const st of cur.getStatements()) {
        if (Node.isVariableStatement(st)) {
          const d = findVariable(st.getDeclarations(), name);
          if (d) return d;
        } else if ((Node.isClassDeclaration(st) || Node.isFunctionDeclaration(st)) && st.getName() === name) {
          return st;
        }
      }
    }
  }
  return undefined;
}

/**
 * `Fn.prop = value` at the top level of the file declaring the function `fn` (TypeScript's expando
 * properties: `Cached.off = (t, k, d) => ...`, used as `@Cached.off`): the assigned expression.
 */
export function expandoProperty(fn: Node, prop: string): Node | undefined {
  const owner = Node.isFunctionDeclaration(fn) ? fn : fn.getParent();
  let name: string | undefined;
  let scope: Node | undefined;
  if (Node.isFunctionDeclaration(owner)) [name, scope] = [owner.getName(), owner.getParent()];
  else if (Node.isVariableDeclaration(owner)) [name, scope] = [owner.getName(), owner.getVariableStatement()?.getParent()];
  if (!name || !scope || !Node.isSourceFile(scope)) return undefined;
  for (const st of fn.getSourceFile().getStatements()) {
    const e = Node.isExpressionStatement(st) ? st.getExpression() : undefined;
    if (!e || !Node.isBinaryExpression(e) || e.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = e.getLeft();
    if (Node.isPropertyAccessExpression(left) && left.getName() === prop && left.getExpression().getText() === name) return e.getRight();
  }
  return undefined;
}
