/**
 * Is a guard an authentication guard, an authorization guard, a non-security guard, or unknown?
 * Decided from settings, the passport base class, and code patterns in the class bodies.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration } from 'ts-morph';
import type { GuardCoverageConfig } from '../config';
import type { GuardKind, MetadataRead } from './types';
import type { GuardHierarchy } from './guardHierarchy';
import { isPassportBase } from './guardHierarchy';
import { calleeName } from './ast';
import type { Bypass } from './bypass';
import { describeBypass } from './bypass';

export interface KindDecision {
  kind: GuardKind;
  reasons: string[];
}

const NON_SECURITY_NAME = /throttl|rate.?limit|feature|flag|toggle|maintenance|cache|logging|metrics|tracing|locale|i18n/i;
const AUTH_NAME = /auth|jwt|session|token|api.?key|mtls|cert|bearer|login|passport/i;
const ROLE_KEY = /role|permission|scope|polic|abilit|claim|grant/i;
const CERT_HEADER = /['"`](x-(ssl-)?client-cert(ificate)?|x-forwarded-client-cert|ssl-client-cert|x-ssl-cert|x-arr-clientcert)['"`]/i;
const API_KEY_HEADER = /x-api-key|api-key|apikey|api_key/i;

/** Follows a called function to its declaration (the host's `resolveDeclaration`), for body patterns. */
export type Resolve = (expr: Node) => Node | undefined;

export function decideKind(
  h: GuardHierarchy,
  reads: MetadataRead[],
  alwaysTrue: boolean,
  config: GuardCoverageConfig,
  bypass: Bypass[] = [],
  resolve?: Resolve,
): KindDecision {
  const names = h.classes.map((c) => c.getName() ?? '').concat(h.external ? [h.external.name] : []);
  const named = names.find((n) => config.authGuards.includes(n));
  if (named) return { kind: 'authentication', reasons: [`${named} is named in the authGuards setting`] };
  const nonAuth = names.find((n) => config.nonAuthGuards.includes(n));
  if (nonAuth) return { kind: 'non-security', reasons: [`${nonAuth} is named in the nonAuthGuards setting`] };
  if (alwaysTrue) return { kind: 'non-security', reasons: ['canActivate always returns true: a marker, not a check'] };
  const decided = decideByPattern(h, reads, config, names, resolve);
  // A guard authenticates only if every way to `true` needs a credential (issue P7).
  if (decided.kind !== 'authentication' && decided.kind !== 'unknown') return decided;
  const name = names[0] || 'guard';
  const onRequest = bypass.find((b) => b.kind === 'request' || b.kind === 'no-credential');
  if (onRequest) return { kind: 'non-security', reasons: [describeBypass(name, onRequest), ...decided.reasons.map((r) => `otherwise: ${r}`)] };
  // On configuration or on a service's answer: cannot say either way, never `protected`.
  const onConfig = bypass.find((b) => b.kind === 'config' || b.kind === 'opaque');
  if (onConfig) return { kind: 'unknown', reasons: [describeBypass(name, onConfig), ...decided.reasons.map((r) => `otherwise: ${r}`)] };
  return decided;
}

function decideByPattern(h: GuardHierarchy, reads: MetadataRead[], config: GuardCoverageConfig, names: string[], resolve?: Resolve): KindDecision {
  if (isPassportBase(h.external)) {
    const optional = optionalHandleRequest(h.classes);
    if (optional) {
      return { kind: 'non-security', reasons: [`optional authentication: ${optional}.handleRequest returns without throwing, so anonymous requests pass`] };
    }
    return { kind: 'authentication', reasons: [`extends ${h.external!.text} from @nestjs/passport`] };
  }
  if (h.external && /throttl/i.test(h.external.name)) {
    return { kind: 'non-security', reasons: [`extends ${h.external.text} (rate limiting)`] };
  }
  const pattern = authenticationPattern(h.classes, false, resolve);
  if (pattern) return { kind: 'authentication', reasons: [pattern] };
  const roleRead = reads.find((r) => ROLE_KEY.test(r.key) || config.roleMarkers.includes(r.key) || config.roleMarkers.includes(r.keyText));
  if (roleRead) return { kind: 'authorization', reasons: [`reads role metadata ${roleRead.keyText} and checks the caller against it`] };
  const session = authenticationPattern(h.classes, true, resolve);
  if (session) return { kind: 'authentication', reasons: [session] };
  const nonSec = names.find((n) => NON_SECURITY_NAME.test(n));
  if (nonSec) {
    const via = nonSec === names[0] ? '' : ` (through ${nonSec})`;
    return { kind: 'non-security', reasons: [`named like a rate-limiting, feature-flag or housekeeping guard${via}`] };
  }
  const tokenRead = readsBearerWithoutVerify(h.classes);
  if (tokenRead) return { kind: 'unknown', reasons: [tokenRead] };
  if (!h.classes.some((c) => c.getInstanceMethod('canActivate'))) {
    const base = h.external ? ` (inherited from ${h.external.text}, not in source)` : '';
    return { kind: 'unknown', reasons: [`canActivate not found${base}`] };
  }
  const hint = names.find((n) => AUTH_NAME.test(n));
  const suffix = hint ? ` although ${hint} is named like one` : '';
  return {
    kind: 'unknown',
    reasons: [`canActivate matches no known authentication pattern${suffix}; name it in authGuards or nonAuthGuards`],
  };
}

/** A passport guard whose `handleRequest` override never throws (nor defers to super): optional authentication. */
function optionalHandleRequest(classes: ClassDeclaration[]): string | undefined {
  for (const cls of classes) {
    const m = cls.getInstanceMethod('handleRequest');
    if (!m) continue;
    const body = m.getBody();
    if (!body) return undefined;
    const throws = body.getDescendantsOfKind(SyntaxKind.ThrowStatement).length > 0;
    const defers = /super\.handleRequest\s*\(/.test(body.getText());
    return throws || defers ? undefined : cls.getName();
  }
  return undefined;
}

/** A recognised authentication pattern in the classes' bodies, described; undefined when none. */
export function authenticationPattern(classes: ClassDeclaration[], withSession = true, resolve?: Resolve): string | undefined {
  for (const cls of classes) {
    const name = cls.getName() ?? 'guard';
    const signature = signatureCheck(cls, resolve);
    if (signature && CREDENTIAL_READ.test(cls.getText())) return `${name} verifies a token signature with ${signature}`;
    const calls = cls.getDescendantsOfKind(SyntaxKind.CallExpression);
    const callNames = calls.map(calleeName);
    const text = cls.getText();
    if (callNames.includes('getPeerCertificate') || /\.authorized\b/.test(text)) {
      return `${name} checks the TLS client certificate`;
    }
    if (CERT_HEADER.test(text)) return `${name} reads a client certificate forwarded by a proxy`;
    const verify = calls.find((c) => /^(verify|verifyAsync|verifyIdToken|verifyToken|validateToken|introspect)$/.test(calleeName(c)));
    if (verify && /authorization|bearer|token|jwt/i.test(text)) {
      return `${name} verifies a bearer token (${verify.getExpression().getText()})`;
    }
    if (API_KEY_HEADER.test(text) && /===|!==|timingSafeEqual|\.has\(|\.includes\(|validate|verify/.test(text)) {
      return `${name} compares an API key header`;
    }
    if (!withSession) continue;
    if (callNames.includes('isAuthenticated')) return `${name} requires an authenticated session (isAuthenticated())`;
    const userTest = sessionUserTest(cls);
    if (userTest) return `${name} requires an authenticated user (${userTest})`;
  }
  return undefined;
}

const CREDENTIAL_READ = /authorization|bearer|token|cookie|api.?key|x-signature|signature/i;
/** Signature verification: an HMAC compared in constant time, or a public-key verify. */
const SIGNATURE_TEXT = /createHmac[\s\S]*timingSafeEqual|timingSafeEqual[\s\S]*createHmac|createVerify\s*\(|crypto\.verify\s*\(|subtle\.verify\s*\(/;

/**
 * Where the class (or a function or method it calls, one level, in the project) verifies a signature:
 * `createHmac` + `timingSafeEqual`, `createVerify`, `crypto.verify`, `subtle.verify`. Gives where, or undefined.
 */
function signatureCheck(cls: ClassDeclaration, resolve?: Resolve): string | undefined {
  const what = (text: string): string => (/createHmac/.test(text) ? 'an HMAC compared with timingSafeEqual' : 'a public-key signature check');
  const text = cls.getText();
  if (SIGNATURE_TEXT.test(text)) return what(text);
  if (!resolve) return undefined;
  const seen = new Set<Node>();
  for (const call of cls.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    const target = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
    if (!Node.isIdentifier(target)) continue;
    let decl: Node | undefined;
    try {
      decl = resolve(target);
    } catch {
      decl = undefined;
    }
    if (!decl || seen.has(decl) || decl.getSourceFile().isFromExternalLibrary() || decl.getSourceFile().isDeclarationFile()) continue;
    seen.add(decl);
    const body = Node.isVariableDeclaration(decl) ? decl.getInitializer() : decl;
    const bodyText = body?.getText() ?? '';
    if (SIGNATURE_TEXT.test(bodyText)) return `${what(bodyText)}, in ${target.getText()}`;
  }
  return undefined;
}

/** `!request.user`, `!!req.user`, `return req.session.userId`, `if (req.user)`: a test of the user's presence. */
function sessionUserTest(cls: ClassDeclaration): string | undefined {
  for (const pa of cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (!/^(user|userId)$/.test(pa.getName())) continue;
    if (!/(req|request|session)\b/i.test(pa.getExpression().getText())) continue;
    const parent = pa.getParent();
    const tested = (Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.ExclamationToken)
      || (Node.isIfStatement(parent) && parent.getExpression() === pa)
      || Node.isReturnStatement(parent)
      || (Node.isBinaryExpression(parent) && /^(null|undefined)$/.test(parent.getRight().getText()));
    if (tested) return pa.getText();
  }
  return undefined;
}

function readsBearerWithoutVerify(classes: ClassDeclaration[]): string | undefined {
  for (const cls of classes) {
    if (/headers?\b[\s\S]{0,40}authorization|bearer/i.test(cls.getText())) {
      return `${cls.getName()} reads the Authorization header but no token verification was found`;
    }
  }
  return undefined;
}
