/**
 * What an expression in a guard body stands for, without running it: the TLS socket, the peer
 * certificate (and which field of it), the `authorized` flag, the request, a header, or a literal.
 * Names are followed to their declarations lexically (const, destructuring, parameters, a `let`
 * assigned once); a way through a body (`waysThrough.ts`) adds what it knows on that path: helper
 * parameters bound to the caller's arguments, a helper call replaced by one of its returned values.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { unwrap } from './ast';

/** A value as the way through knows it: an expression read in an environment, or a property path of one. */
export type Binding =
  | { kind: 'expr'; node: Node; env: Env }
  | { kind: 'path'; base: Binding; props: string[] }
  | { kind: 'element'; of: Binding }
  /** What a helper gives when it ends without a value, or a parameter without an argument. */
  | { kind: 'undefined' }
  | { kind: 'opaque' };

/** What a path adds to lexical lookup: declarations bound for it, helper calls replaced by a returned value. */
export interface Env {
  readonly decls: ReadonlyMap<Node, Binding>;
  readonly calls: ReadonlyMap<Node, Binding>;
}

export const EMPTY_ENV: Env = { decls: new Map(), calls: new Map() };

export function withDecl(env: Env, decl: Node, b: Binding): Env {
  return { decls: new Map(env.decls).set(decl, b), calls: env.calls };
}

export function withCall(env: Env, call: Node, b: Binding): Env {
  return { decls: env.decls, calls: new Map(env.calls).set(call, b) };
}

export type Kind =
  | { k: 'socket' }
  | { k: 'authorized' }
  | { k: 'request' }
  | { k: 'headers' }
  | { k: 'header' }
  /** The `getPeerCertificate()` object (`props` empty) or a field path of it (`['subject', 'CN']`). */
  | { k: 'cert'; props: string[] }
  | { k: 'literal'; value: string | number | boolean | null | undefined }
  | { k: 'object' }
  | { k: 'other' };

const OTHER: Kind = { k: 'other' };
const MAX_DEPTH = 12;

const FUNCTION_LIKE = (n: Node): boolean =>
  Node.isFunctionDeclaration(n) || Node.isMethodDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n)
  || Node.isConstructorDeclaration(n) || Node.isGetAccessorDeclaration(n) || Node.isSetAccessorDeclaration(n);

/** The declaration an identifier refers to in its own function (or file): variable, binding element or parameter. */
export function lexicalDecl(id: Node): Node | undefined {
  const name = id.getText();
  for (let scope = id.getParent(); scope; scope = scope.getParent()) {
    if (FUNCTION_LIKE(scope)) {
      const p = (scope as unknown as { getParameters(): Node[] }).getParameters().find((x) => declares(x, name));
      if (p) return declaredNode(p, name);
    }
    if (Node.isForOfStatement(scope) || Node.isForInStatement(scope) || Node.isForStatement(scope)) {
      const init = scope.getInitializer();
      const d = init && Node.isVariableDeclarationList(init) ? init.getDeclarations().find((x) => declares(x, name)) : undefined;
      if (d) return declaredNode(d, name);
    }
    if (Node.isCatchClause(scope)) {
      const d = scope.getVariableDeclaration();
      if (d && declares(d, name)) return declaredNode(d, name);
    }
    if (Node.isBlock(scope) || Node.isSourceFile(scope) || Node.isCaseClause(scope) || Node.isDefaultClause(scope)) {
      for (const st of scope.getStatements()) {
        if (!Node.isVariableStatement(st)) continue;
        const d = st.getDeclarations().find((x) => declares(x, name));
        if (d) return declaredNode(d, name);
      }
    }
  }
  return undefined;
}

function declares(d: Node, name: string): boolean {
  const n = (d as unknown as { getNameNode?(): Node }).getNameNode?.();
  if (!n) return false;
  if (Node.isIdentifier(n)) return n.getText() === name;
  return n.getDescendantsOfKind(SyntaxKind.BindingElement).some((b) => Node.isIdentifier(b.getNameNode()) && b.getNameNode().getText() === name);
}

/** The variable/parameter declaration itself, or the binding element inside its pattern that binds `name`. */
function declaredNode(d: Node, name: string): Node {
  const n = (d as unknown as { getNameNode(): Node }).getNameNode();
  if (Node.isIdentifier(n)) return d;
  return n.getDescendantsOfKind(SyntaxKind.BindingElement).find((b) => Node.isIdentifier(b.getNameNode()) && b.getNameNode().getText() === name) ?? d;
}

/** What a declaration holds when the path has not bound it: its initialiser, a destructured path, or the one assignment of a `let`. */
export function declBinding(decl: Node, env: Env): Binding {
  const bound = env.decls.get(decl);
  if (bound) return bound;
  if (Node.isBindingElement(decl)) return destructured(decl, env);
  if (Node.isVariableDeclaration(decl)) {
    const init = decl.getInitializer();
    if (init) return { kind: 'expr', node: init, env };
    const assigned = singleAssignment(decl);
    return assigned ? { kind: 'expr', node: assigned, env } : { kind: 'opaque' };
  }
  return { kind: 'opaque' };
}

/** `const { subject: { CN } } = cert` gives `cert` with the path `['subject', 'CN']`; `const [a] = list` an element. */
function destructured(el: Node, env: Env): Binding {
  const props: string[] = [];
  let cur: Node = el;
  let isElement = false;
  while (Node.isBindingElement(cur)) {
    const pattern = cur.getParent();
    if (Node.isArrayBindingPattern(pattern)) isElement = true;
    else props.unshift(cur.getPropertyNameNode()?.getText().replace(/^['"]|['"]$/g, '') ?? cur.getName());
    cur = pattern.getParent();
  }
  const holder = Node.isVariableDeclaration(cur) || Node.isParameterDeclaration(cur) ? declBinding(cur, env) : { kind: 'opaque' as const };
  if (isElement) return { kind: 'element', of: holder };
  return { kind: 'path', base: holder, props };
}

function singleAssignment(decl: Node): Node | undefined {
  if (!Node.isVariableDeclaration(decl)) return undefined;
  const fn = decl.getFirstAncestor(FUNCTION_LIKE) ?? decl.getSourceFile();
  const name = decl.getName();
  const found = fn.getDescendantsOfKind(SyntaxKind.BinaryExpression).filter((b) =>
    b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && b.getLeft().getText() === name);
  return found.length === 1 ? found[0].getRight() : undefined;
}

export function kindOf(node: Node, env: Env, depth = 0): Kind {
  if (depth > MAX_DEPTH) return OTHER;
  const e = unwrap(node);
  const lit = literalOf(e);
  if (lit) return lit;
  if (Node.isObjectLiteralExpression(e) || Node.isArrayLiteralExpression(e) || Node.isArrowFunction(e) || Node.isFunctionExpression(e)) return { k: 'object' };
  if (Node.isIdentifier(e)) return identifierKind(e, env, depth);
  if (Node.isBinaryExpression(e)) {
    const op = e.getOperatorToken().getKind();
    // `socket.getPeerCertificate() ?? {}`, `cert || {}`: the defaulting keeps what the left side is.
    if (op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.BarBarToken) return kindOf(e.getLeft(), env, depth + 1);
    return OTHER;
  }
  if (Node.isCallExpression(e)) return callKind(e, env, depth);
  if (Node.isPropertyAccessExpression(e)) return memberKind(kindOf(e.getExpression(), env, depth + 1), e.getName(), e.getExpression());
  if (Node.isElementAccessExpression(e)) {
    const arg = e.getArgumentExpression();
    const name = arg && (Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg)) ? arg.getLiteralValue() : undefined;
    const base = kindOf(e.getExpression(), env, depth + 1);
    if (base.k === 'headers') return { k: 'header' };
    return name === undefined ? (base.k === 'cert' ? { k: 'cert', props: [...base.props, '?'] } : OTHER) : memberKind(base, name, e.getExpression());
  }
  return OTHER;
}

function literalOf(e: Node): Kind | undefined {
  switch (e.getKind()) {
    case SyntaxKind.TrueKeyword: return { k: 'literal', value: true };
    case SyntaxKind.FalseKeyword: return { k: 'literal', value: false };
    case SyntaxKind.NullKeyword: return { k: 'literal', value: null };
    default: break;
  }
  if (Node.isIdentifier(e) && e.getText() === 'undefined') return { k: 'literal', value: undefined };
  if (Node.isStringLiteral(e) || Node.isNoSubstitutionTemplateLiteral(e)) return { k: 'literal', value: e.getLiteralValue() };
  if (Node.isNumericLiteral(e)) return { k: 'literal', value: Number(e.getLiteralValue()) };
  if (Node.isTemplateExpression(e)) return { k: 'literal', value: e.getHead().getLiteralText() || 'x' };
  if (Node.isVoidExpression(e)) return { k: 'literal', value: undefined };
  return undefined;
}

function identifierKind(id: Node, env: Env, depth: number): Kind {
  const decl = lexicalDecl(id);
  if (!decl) return OTHER;
  const typed = typeAnnotationKind(decl);
  const b = declBinding(decl, env);
  if (b.kind === 'opaque' && typed) return typed;
  const k = bindingKind(b, depth + 1);
  return k.k === 'other' && typed ? typed : k;
}

/** A parameter or variable typed `TLSSocket` or `PeerCertificate`. */
function typeAnnotationKind(decl: Node): Kind | undefined {
  const t = (decl as unknown as { getTypeNode?(): Node | undefined }).getTypeNode?.()?.getText() ?? '';
  if (/\bTLSSocket\b/.test(t)) return { k: 'socket' };
  if (/\b(Detailed)?PeerCertificate\b/.test(t)) return { k: 'cert', props: [] };
  return undefined;
}

export function bindingKind(b: Binding, depth = 0): Kind {
  if (depth > MAX_DEPTH) return OTHER;
  switch (b.kind) {
    case 'expr': return kindOf(b.node, b.env, depth + 1);
    case 'path': return b.props.reduce<Kind>((k, p) => memberKind(k, p), bindingKind(b.base, depth + 1));
    case 'element': {
      const of = b.of.kind === 'expr' ? unwrap(b.of.node) : undefined;
      return of && Node.isArrayLiteralExpression(of) && of.getElements().length === 1 ? kindOf(of.getElements()[0], b.of.kind === 'expr' ? b.of.env : EMPTY_ENV, depth + 1) : OTHER;
    }
    case 'undefined': return { k: 'literal', value: undefined };
    default: return OTHER;
  }
}

function callKind(call: Node, env: Env, depth: number): Kind {
  if (!Node.isCallExpression(call)) return OTHER;
  const replaced = env.calls.get(call);
  if (replaced) return bindingKind(replaced, depth + 1);
  const callee = unwrap(call.getExpression());
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : '';
  if (name === 'getPeerCertificate') return { k: 'cert', props: [] };
  if (name === 'getRequest' || name === 'getArgByIndex') return { k: 'request' };
  if (Node.isPropertyAccessExpression(callee) && (name === 'header' || name === 'get')) {
    const base = kindOf(callee.getExpression(), env, depth + 1);
    if (base.k === 'request' || base.k === 'headers') return { k: 'header' };
  }
  return OTHER;
}

/** `request.socket` is the socket, `socket.authorized` the TLS verdict, `cert.subject` a field path, `request.raw` (Fastify) the request. */
export function memberKind(base: Kind, name: string, baseNode?: Node): Kind {
  if (base.k === 'cert') return { k: 'cert', props: [...base.props, name] };
  if (base.k === 'socket' && name === 'authorized') return { k: 'authorized' };
  if (base.k === 'request') {
    if (name === 'raw' || name === 'req') return { k: 'request' };
    if (name === 'socket' || name === 'connection' || name === 'client') return { k: 'socket' };
    if (name === 'headers') return { k: 'headers' };
  }
  if (base.k === 'headers') return { k: 'header' };
  // A `.socket` or `.connection` of something we could not name (a parameter, `any`) is still the socket.
  if ((name === 'socket' || name === 'connection') && baseNode && baseNode.getKind() !== SyntaxKind.ThisKeyword) return { k: 'socket' };
  return { k: 'other' };
}

/** The value's `typeof`, when the expression says it. */
export function typeOfKind(k: Kind): string | undefined {
  if (k.k === 'literal') return k.value === null ? 'object' : typeof k.value;
  if (k.k === 'object') return 'object';
  if (k.k === 'cert' && k.props.length === 0) return 'object';
  return undefined;
}

/** A peer certificate's `subject` or `issuer` (or another object-valued field): objects, never strings. */
export function isCertObjectField(k: Kind): boolean {
  return k.k === 'cert' && k.props.length === 1 && OBJECT_FIELDS.has(k.props[0]);
}

const OBJECT_FIELDS = new Set(['subject', 'issuer', 'infoAccess', 'issuerCertificate']);

/** Does the expression carry something read from the certificate (a field, a value computed from one, an object holding one)? */
export function derivesFromCertField(node: Node, env: Env): boolean {
  return derives(node, env, (k) => k.k === 'cert' && k.props.length > 0);
}

/** Does the expression carry a value of a kind `is` accepts (directly, or computed from one, or inside an object)? */
export function derives(node: Node, env: Env, is: (k: Kind) => boolean, depth = 0): boolean {
  return findCarried(node, env, (e, en, d) => (is(kindOf(e, en, d + 1)) ? true : undefined), depth) !== undefined;
}

/**
 * The first thing `test` picks among what the expression carries: itself, what its names and replaced
 * calls hold, a call's receiver and arguments, the object of a field read, operands, both alternatives
 * of `c ? a : b`, template parts, object literal values.
 */
export function findCarried<T>(node: Node, env: Env, test: (e: Node, env: Env, depth: number) => T | undefined, depth = 0): T | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrap(node);
  const hit = test(e, env, depth);
  if (hit !== undefined) return hit;
  const next = (n: Node | undefined, en: Env = env): T | undefined => (n ? findCarried(n, en, test, depth + 1) : undefined);
  const first = (ns: Node[]): T | undefined => {
    for (const n of ns) {
      const r = next(n);
      if (r !== undefined) return r;
    }
    return undefined;
  };
  if (Node.isIdentifier(e)) {
    const decl = lexicalDecl(e);
    const b = decl ? declBinding(decl, env) : undefined;
    return b?.kind === 'expr' ? next(b.node, b.env) : undefined;
  }
  if (Node.isCallExpression(e)) {
    const replaced = env.calls.get(e);
    if (replaced?.kind === 'expr') return next(replaced.node, replaced.env);
    const callee = e.getExpression();
    return first([...(Node.isPropertyAccessExpression(callee) ? [callee.getExpression()] : []), ...e.getArguments()]);
  }
  if (Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e)) return next(e.getExpression());
  if (Node.isTemplateExpression(e)) return first(e.getTemplateSpans().map((s) => s.getExpression()));
  if (Node.isObjectLiteralExpression(e)) {
    return first(e.getProperties().flatMap((p) => (Node.isPropertyAssignment(p) ? [p.getInitializerOrThrow()] : Node.isShorthandPropertyAssignment(p) ? [p.getNameNode()] : [])));
  }
  if (Node.isBinaryExpression(e)) return first([e.getLeft(), e.getRight()]);
  if (Node.isConditionalExpression(e)) return first([e.getWhenTrue(), e.getWhenFalse()]);
  if (Node.isNewExpression(e)) return first(e.getArguments() ?? []);
  return undefined;
}
