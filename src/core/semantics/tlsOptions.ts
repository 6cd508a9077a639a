/**
 * The bootstrap file's TLS setup: `NestFactory.create(M, { httpsOptions })`, a variable holding the
 * options, or `new FastifyAdapter({ https })`. (Hybrid-app connections are in hybrid.ts.)
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, Expression, SourceFile } from 'ts-morph';
import { propInit, unwrap } from './ast';

export interface HttpsOptionsFacts {
  /** The options object literal. */
  object: Node;
  requestCert?: Expression;
  rejectUnauthorized?: Expression;
}

export function nestFactoryCreateCalls(file: SourceFile): CallExpression[] {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((c) => /^NestFactory\.create$/.test(c.getExpression().getText()));
}

/** Follows an identifier or callee to its declaration (across files); the host's `resolveDeclaration`. */
export type Resolve = (expr: Node) => Node | undefined;

/**
 * The object literal an expression denotes: a literal, a `const x = {...}` (same file, else through
 * `resolve`), or a call of a function whose `return` gives one (`httpsOptions: loadTls()`).
 */
export function objectOf(expr: Node | undefined, resolve?: Resolve, depth = 0): Node | undefined {
  if (!expr || depth > 4) return undefined;
  const e = unwrap(expr);
  if (Node.isObjectLiteralExpression(e)) return e;
  if (Node.isIdentifier(e)) {
    const local = e.getSourceFile().getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === e.getText());
    const decl = local ?? resolve?.(e);
    if (decl && Node.isVariableDeclaration(decl)) return objectOf(decl.getInitializer(), resolve, depth + 1);
    return undefined;
  }
  if (Node.isCallExpression(e) && resolve) {
    const fn = resolve(e.getExpression());
    const body = fn && (Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) ? fn.getBody()
      : fn && Node.isVariableDeclaration(fn) ? functionBody(fn.getInitializer()) : undefined;
    if (!body) return undefined;
    if (!Node.isBlock(body)) return objectOf(body, resolve, depth + 1);
    const returns = body.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === fn
      || r.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a)) === body.getParent());
    return returns.length === 1 ? objectOf(returns[0].getExpression(), resolve, depth + 1) : undefined;
  }
  return undefined;
}

function functionBody(init: Node | undefined): Node | undefined {
  if (!init) return undefined;
  const u = unwrap(init);
  return Node.isArrowFunction(u) || Node.isFunctionExpression(u) ? u.getBody() : undefined;
}

export function httpsOptionsOf(file: SourceFile, resolve?: Resolve): HttpsOptionsFacts[] {
  return nestFactoryCreateCalls(file).flatMap((call) => httpsOptionsOfCall(call, resolve));
}

/** The TLS options given to one `NestFactory.create` call (`httpsOptions`, or Fastify's `https`). */
export function httpsOptionsOfCall(call: CallExpression, resolve?: Resolve): HttpsOptionsFacts[] {
  const out: HttpsOptionsFacts[] = [];
  for (const arg of call.getArguments().slice(1)) {
    const candidates: (Node | undefined)[] = [];
    const obj = objectOf(arg, resolve);
    if (obj) candidates.push(propInit(obj, 'httpsOptions'));
    const u = unwrap(arg);
    if (Node.isNewExpression(u) && /FastifyAdapter$/.test(u.getExpression().getText())) {
      candidates.push(propInit(objectOf(u.getArguments()[0], resolve) ?? u, 'https'));
    }
    for (const c of candidates) {
      const o = objectOf(c, resolve);
      if (o) out.push({ object: o, requestCert: propInit(o, 'requestCert'), rejectUnauthorized: propInit(o, 'rejectUnauthorized') });
    }
  }
  return out;
}
