/**
 * The bootstrap file's TLS setup: `NestFactory.create(M, { httpsOptions })`, a variable holding the
 * options, or `new FastifyAdapter({ https })`; and hybrid-app `connectMicroservice` calls.
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

/** The object literal an expression denotes (following a same-file `const x = {...}`). */
export function objectOf(expr: Node | undefined): Node | undefined {
  if (!expr) return undefined;
  const e = unwrap(expr);
  if (Node.isObjectLiteralExpression(e)) return e;
  if (Node.isIdentifier(e)) {
    const decl = e.getSourceFile().getDescendantsOfKind(SyntaxKind.VariableDeclaration).find((d) => d.getName() === e.getText());
    return objectOf(decl?.getInitializer());
  }
  return undefined;
}

export function httpsOptionsOf(file: SourceFile): HttpsOptionsFacts[] {
  const out: HttpsOptionsFacts[] = [];
  for (const call of nestFactoryCreateCalls(file)) {
    for (const arg of call.getArguments().slice(1)) {
      const candidates: (Node | undefined)[] = [];
      const obj = objectOf(arg);
      if (obj) candidates.push(propInit(obj, 'httpsOptions'));
      const u = unwrap(arg);
      if (Node.isNewExpression(u) && /FastifyAdapter$/.test(u.getExpression().getText())) {
        candidates.push(propInit(objectOf(u.getArguments()[0]) ?? u, 'https'));
      }
      for (const c of candidates) {
        const o = objectOf(c);
        if (o) out.push({ object: o, requestCert: propInit(o, 'requestCert'), rejectUnauthorized: propInit(o, 'rejectUnauthorized') });
      }
    }
  }
  return out;
}

export interface MicroserviceConnect {
  call: CallExpression;
  inheritsAppConfig: boolean;
}

export function microserviceConnects(file: SourceFile): MicroserviceConnect[] {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((c) => Node.isPropertyAccessExpression(c.getExpression()) && c.getExpression().getLastChildOrThrow().getText() === 'connectMicroservice')
    .map((call) => {
      const hybrid = objectOf(call.getArguments()[1]);
      const inherit = hybrid ? propInit(hybrid, 'inheritAppConfig') : undefined;
      return { call, inheritsAppConfig: !!inherit && inherit.getKind() === SyntaxKind.TrueKeyword };
    });
}

export function usesGlobalGuards(file: SourceFile): boolean {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => /\.useGlobalGuards$/.test(c.getExpression().getText()));
}
