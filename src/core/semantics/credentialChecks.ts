/**
 * Which credential each check of a route reads, and with what logic: the client certificate (how it
 * is verified, which fields decide) or a request header (which class checks it, a guard or an
 * interceptor). Two checks of the same credential with different logic, each on routes the other
 * does not cover, accept different clients: `inconsistent-credential-check`.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration } from 'ts-morph';
import type { Route, SourceLocation } from '../model';
import { handlesClientCert, judgeCertGuard, type Entry } from './certJudgement';
import { guardHierarchy } from './guardHierarchy';
import type { SemanticsHost } from './host';
import { interceptorSemantics } from './interceptorSemantics';
import { EMPTY_ENV, bindingKind, declBinding, kindOf, type Kind } from './symbolic';
import { CERT_HEADER } from './tlsVocabulary';

export interface CredentialCheck {
  /** `the client certificate`, `the x-api-key header`. */
  credential: string;
  /** Who checks it (`ClientCertGuard`). */
  by: string;
  origin: Entry;
  /** How, in words: two checks with the same logic are one check written twice. */
  logic: string;
  at: SourceLocation;
}

/** The credential checks of one route: its running guards, then its interceptors that refuse requests. */
export function credentialChecks(route: Route, running: readonly boolean[], host: SemanticsHost): CredentialCheck[] {
  const out: CredentialCheck[] = [];
  route.guards.forEach((g, i) => {
    if (!running[i]) return;
    const cls = host.guardClass(g);
    if (cls) out.push(...checksOf(guardHierarchy(cls, host).classes, g.name, 'guard', host));
  });
  for (const ref of route.interceptors) {
    const cls = host.interceptorClass?.(ref);
    if (!cls || interceptorSemantics(ref, host).kind === 'non-security') continue;
    out.push(...checksOf(guardHierarchy(cls, host).classes, ref.name, 'interceptor', host));
  }
  return out;
}

const memo = new WeakMap<SemanticsHost, Map<string, CredentialCheck[]>>();

function checksOf(classes: ClassDeclaration[], by: string, origin: Entry, host: SemanticsHost): CredentialCheck[] {
  let byClass = memo.get(host);
  if (!byClass) memo.set(host, (byClass = new Map()));
  const key = `${origin}|${host.locate(classes[0]).file}|${classes[0].getName() ?? ''}`;
  const hit = byClass.get(key);
  if (hit) return hit;
  const at = host.locate(classes[0].getNameNode() ?? classes[0]);
  const out: CredentialCheck[] = [];
  // A check that lets no request through accepts no client differently from another: nothing to compare.
  if (handlesClientCert(classes) && !refusesEveryone(classes, host, origin)) {
    out.push({ credential: 'the client certificate', by, origin, logic: certificateLogic(classes, host, origin), at });
  }
  for (const header of headerNames(classes)) out.push({ credential: `the ${header} header`, by, origin, logic: `${origin} ${by}`, at });
  byClass.set(key, out);
  return out;
}

function refusesEveryone(classes: ClassDeclaration[], host: SemanticsHost, origin: Entry): boolean {
  const j = judgeCertGuard(classes, host, origin);
  return j !== undefined && j.authenticates === true && j.ways.length === 0;
}

/** `guard; socket.authorized; reads issuer.CN, subject.CN`. */
function certificateLogic(classes: ClassDeclaration[], host: SemanticsHost, origin: Entry): string {
  const ways = judgeCertGuard(classes, host, origin)?.ways ?? [];
  const basis = [...new Set(ways.map((w) => w.verdict).filter((v) => v === 'authorized' || v === 'listener' || v === 'proxy'))]
    .map((v) => (v === 'authorized' ? 'socket.authorized' : v === 'listener' ? "the server's rejectUnauthorized" : 'a trusted proxy')).sort();
  const fields = new Set<string>();
  for (const c of classes) {
    const read = (k: Kind): void => {
      if (k.k === 'cert' && k.props.length > 0 && !k.props.includes('?')) fields.add(k.props.join('.'));
    };
    for (const p of c.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) read(kindOf(p, EMPTY_ENV));
    // `const { issuer } = cert`
    for (const b of c.getDescendantsOfKind(SyntaxKind.BindingElement)) read(bindingKind(declBinding(b, EMPTY_ENV)));
  }
  // `subject` when `subject.CN` is read says nothing more.
  const shown = [...fields].filter((f) => ![...fields].some((g) => g.startsWith(`${f}.`))).sort();
  return [origin, basis.join(' or ') || 'no verification', shown.length ? `reads ${shown.join(', ')}` : 'reads no field'].join('; ');
}

/** Header names that carry a credential (not `user-agent`, `content-type`, `x-tenant`). */
const CREDENTIAL_HEADER = /auth|token|key|secret|signature|session|cookie|pass|credential/i;

/** Request headers read by name (`headers['x-api-key']`, `req.header('x-api-key')`), except forwarded-certificate headers. */
function headerNames(classes: ClassDeclaration[]): string[] {
  const out = new Set<string>();
  for (const c of classes) {
    for (const n of c.getDescendants()) {
      let name: string | undefined;
      if (Node.isElementAccessExpression(n)) {
        const arg = n.getArgumentExpression();
        if (arg && Node.isStringLiteral(arg) && kindOf(n.getExpression(), EMPTY_ENV).k === 'headers') name = arg.getLiteralValue();
      } else if (Node.isPropertyAccessExpression(n) && kindOf(n.getExpression(), EMPTY_ENV).k === 'headers') {
        name = n.getName();
      } else if (Node.isCallExpression(n) && kindOf(n, EMPTY_ENV).k === 'header') {
        const arg = n.getArguments()[0];
        if (arg && Node.isStringLiteral(arg)) name = arg.getLiteralValue();
      }
      if (name && CREDENTIAL_HEADER.test(name) && !CERT_HEADER.test(name)) out.add(name.toLowerCase());
    }
  }
  return [...out].sort();
}
