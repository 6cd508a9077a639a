/**
 * Name resolution inside one function, without the type checker: which parameter, local variable,
 * assignment or module constant an identifier refers to, and the property path a destructuring adds.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { BindingElement, Identifier, ParameterDeclaration } from 'ts-morph';

export type FunctionLike = Node;

/** A function, method, constructor, accessor or arrow: where parameters and locals live. */
export function isFunctionLike(n: Node): boolean {
  return Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n)
    || Node.isConstructorDeclaration(n) || Node.isGetAccessorDeclaration(n) || Node.isSetAccessorDeclaration(n);
}

/** What an identifier denotes, as far as data flow needs it. */
export type Binding =
  /** A parameter of a function: its index, and the property path a destructuring pattern adds. */
  | { kind: 'param'; fn: Node; index: number; path: string[] }
  /** A variable (local or module level): the values assigned to it, each with the destructuring path. */
  | { kind: 'variable'; values: { node: Node; path: string[] }[] }
  /** A declaration elsewhere (a function, a class, an imported name). */
  | { kind: 'declaration'; node: Node };

function nearestFunction(n: Node): Node | undefined {
  return n.getFirstAncestor(isFunctionLike);
}

/** `{ a: { b } }` gives `['a', 'b']` for `b`; `[x, y]` gives `['1']` for `y`. */
function bindingPath(el: BindingElement): string[] {
  const out: string[] = [];
  let cur: Node = el;
  while (Node.isBindingElement(cur)) {
    const pattern: Node = cur.getParentOrThrow();
    if (Node.isArrayBindingPattern(pattern)) out.unshift(String(pattern.getElements().indexOf(cur)));
    else out.unshift(cur.getPropertyNameNode()?.getText().replace(/^['"]|['"]$/g, '') ?? cur.getName());
    cur = pattern.getParentOrThrow();
  }
  return out;
}

function elementNamed(pattern: Node, name: string): BindingElement | undefined {
  return pattern.getDescendantsOfKind(SyntaxKind.BindingElement).find((b) => Node.isIdentifier(b.getNameNode()) && b.getNameNode().getText() === name);
}

function paramBinding(fn: Node, params: ParameterDeclaration[], name: string): Binding | undefined {
  for (let i = 0; i < params.length; i++) {
    const nameNode = params[i].getNameNode();
    if (Node.isIdentifier(nameNode) && nameNode.getText() === name) return { kind: 'param', fn, index: i, path: [] };
    const el = Node.isIdentifier(nameNode) ? undefined : elementNamed(nameNode, name);
    if (el) return { kind: 'param', fn, index: i, path: bindingPath(el) };
  }
  return undefined;
}

/** Declarations of `name` directly in `scope` (not in nested functions), with what is assigned to it. */
function variableBinding(scope: Node, name: string): Binding | undefined {
  const values: { node: Node; path: string[] }[] = [];
  for (const d of scope.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    if (nearestFunction(d) !== (isFunctionLike(scope) ? scope : undefined)) continue;
    const nameNode = d.getNameNode();
    const init = d.getInitializer();
    if (Node.isIdentifier(nameNode)) {
      if (nameNode.getText() !== name) continue;
      if (init) values.push({ node: init, path: [] });
      else values.push(...assignments(scope, name));
      return { kind: 'variable', values };
    }
    const el = elementNamed(nameNode, name);
    if (!el) continue;
    if (init) values.push({ node: init, path: bindingPath(el) });
    const dflt = el.getInitializer();
    if (dflt) values.push({ node: dflt, path: [] });
    return { kind: 'variable', values };
  }
  return undefined;
}

/** `x = expr` (and `x ??= expr`) anywhere in the scope. */
function assignments(scope: Node, name: string): { node: Node; path: string[] }[] {
  return scope.getDescendantsOfKind(SyntaxKind.BinaryExpression)
    .filter((b) => /^(=|\?\?=|\|\|=)$/.test(b.getOperatorToken().getText()) && b.getLeft().getText() === name)
    .map((b) => ({ node: b.getRight(), path: [] }));
}

/**
 * What `id` refers to: a parameter or local of an enclosing function (innermost first), a module-level
 * variable of its file, or (through `resolve`) a declaration elsewhere. Undefined when not found.
 */
export function bindingOf(id: Identifier, resolve: (id: Identifier) => Node | undefined): Binding | undefined {
  const name = id.getText();
  for (let fn = nearestFunction(id); fn; fn = nearestFunction(fn)) {
    const params = (fn as unknown as { getParameters?: () => ParameterDeclaration[] }).getParameters?.() ?? [];
    const p = paramBinding(fn, params, name);
    if (p) return p;
    const v = variableBinding(fn, name);
    if (v) return v;
  }
  const file = id.getSourceFile();
  const top = file.getVariableDeclaration(name);
  if (top) {
    const init = top.getInitializer();
    return { kind: 'variable', values: init ? [{ node: init, path: [] }] : [] };
  }
  const decl = resolve(id);
  return decl ? { kind: 'declaration', node: decl } : undefined;
}

/** The value expressions a function returns (an arrow's expression body, or its own `return`s). */
export function returnedValues(fn: Node): Node[] {
  if (Node.isArrowFunction(fn)) {
    const body = fn.getBody();
    if (!Node.isBlock(body)) return [body];
  }
  const out: Node[] = [];
  for (const r of fn.getDescendantsOfKind(SyntaxKind.ReturnStatement)) {
    if (nearestFunction(r) !== fn) continue;
    const e = r.getExpression();
    if (e) out.push(e);
  }
  return out;
}

/** Nodes of a function body that belong to it (not to nested functions). */
export function ownNodes(fn: Node): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    for (const c of n.getChildren()) {
      if (isFunctionLike(c)) continue;
      out.push(c);
      walk(c);
    }
  };
  const body = (fn as unknown as { getBody?: () => Node | undefined }).getBody?.();
  if (body) walk(body);
  return out;
}

/** An identifier that reads a variable: not a member name (`d.id`), a property key, a declaration's name or a type. */
export function isValueReference(id: Identifier): boolean {
  const parent = id.getParent();
  if (!parent) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) return false;
  if ((Node.isPropertyAssignment(parent) || Node.isMethodDeclaration(parent) || Node.isPropertyDeclaration(parent)) && parent.getNameNode() === id) return false;
  if ((Node.isVariableDeclaration(parent) || Node.isParameterDeclaration(parent) || Node.isBindingElement(parent)
    || Node.isFunctionDeclaration(parent) || Node.isClassDeclaration(parent)) && parent.getNameNode() === id) return false;
  if (Node.isBindingElement(parent) && parent.getPropertyNameNode() === id) return false;
  return !id.getFirstAncestor((a) => Node.isTypeNode(a));
}
