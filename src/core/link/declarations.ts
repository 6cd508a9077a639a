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

