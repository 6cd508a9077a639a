/** Small readings of syntax the evaluator needs: enum members, property and function names, short texts. */
import { Node, SyntaxKind } from 'ts-morph';
import { unknown, type Value } from './values';

export function enumMemberValue(decl: Node, name: string, node: Node): Value {
  const e = decl.asKindOrThrow(SyntaxKind.EnumDeclaration);
  let next: number | undefined = 0;
  for (const m of e.getMembers()) {
    const init = m.getInitializer();
    let value: string | number | undefined;
    if (!init) value = next;
    else if (Node.isStringLiteral(init) || Node.isNoSubstitutionTemplateLiteral(init)) value = init.getLiteralValue();
    else if (Node.isNumericLiteral(init)) value = Number(init.getText());
    else value = undefined;
    next = typeof value === 'number' ? value + 1 : undefined;
    const nameNode = m.getNameNode();
    const memberName = Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : m.getName();
    if (memberName === name) return { kind: 'enumMember', enumName: e.getName(), member: name, value };
  }
  return unknown(`enum '${e.getName()}' has no member '${name}'`, node);
}

export function propertyName(nameNode: Node): string | undefined {
  if (Node.isIdentifier(nameNode) || Node.isPrivateIdentifier(nameNode)) return nameNode.getText();
  if (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode)) return nameNode.getLiteralValue();
  if (Node.isNumericLiteral(nameNode)) return nameNode.getText();
  return undefined;
}

export function functionName(node: Node): string {
  const parent = node.getParent();
  if (parent && Node.isVariableDeclaration(parent)) return parent.getName();
  if (parent && Node.isPropertyAssignment(parent)) return parent.getName();
  return 'anonymous';
}

export function abbreviate(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
