/**
 * How a guard (or middleware) class handles a TLS client certificate, as facts for the mTLS rules:
 * where it reads the certificate, whether it reads `socket.authorized`, where it treats `subject` or
 * `issuer` as a string (found through locals, destructuring and optional chaining), whether it maps
 * the identity, and which forwarded-certificate headers it trusts. Whether the guard authenticates
 * is `certJudgement.ts`'s question.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration } from 'ts-morph';
import { calleeName, unwrap } from './ast';
import { EMPTY_ENV, derives, isCertObjectField, kindOf, type Kind } from './symbolic';
import { CERT_FIELDS, CERT_HEADER, NOT_A_LOOKUP, PROXY_ADDRESS_CHECK, STRING_METHODS } from './tlsVocabulary';

/** Fields of Node's `subject`/`issuer` objects (OpenSSL short names). */
const NAME_FIELDS = new Set(['CN', 'O', 'OU', 'L', 'ST', 'C', 'emailAddress', 'serialNumber', 'DC', 'UID', 'street', 'postalCode',
  'title', 'GN', 'SN', 'initials', 'pseudonym', 'name', 'businessCategory', 'jurisdictionC', 'jurisdictionST']);
const IDENTITY = /^(fingerprint(256|512)?|serialNumber|subjectaltname|raw|pubkey|modulus)$/;
const PATTERN_TESTS = new Set(['match', 'startsWith', 'endsWith', 'includes', 'indexOf', 'search', 'localeCompare']);

export interface CertGuardFacts {
  cls: ClassDeclaration;
  /** `getPeerCertificate()` calls. */
  peerCertCalls: Node[];
  /** Reads `authorized` of the TLS socket somewhere. */
  checksAuthorized: boolean;
  /** Treats `subject`/`issuer` as a string, or reads a field Node does not set. */
  stringCompares: { node: Node; what: string }[];
  /** A lookup/comparison of a certificate identity field (allowlist, role map, pinned fingerprint). */
  identityMapping: Node | undefined;
  /** Client-certificate headers read. */
  certHeaders: Node[];
  hasProxyCheck: boolean;
}

export function certGuardFacts(cls: ClassDeclaration): CertGuardFacts {
  const k = (n: Node): Kind => kindOf(n, EMPTY_ENV);
  return {
    cls,
    peerCertCalls: cls.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => calleeName(c) === 'getPeerCertificate'),
    checksAuthorized: cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).some((p) => p.getName() === 'authorized' && k(p).k === 'authorized'),
    stringCompares: stringCompares(cls),
    identityMapping: identityMapping(cls),
    certHeaders: cls.getDescendantsOfKind(SyntaxKind.StringLiteral).filter((s) => CERT_HEADER.test(s.getLiteralValue())),
    hasProxyCheck: PROXY_ADDRESS_CHECK.test(cls.getText()),
  };
}

const certPath = (k: Kind): string => (k.k === 'cert' ? k.props.join('.') : '');

function stringCompares(cls: ClassDeclaration): { node: Node; what: string }[] {
  const out: { node: Node; what: string }[] = [];
  const objectField = (n: Node): boolean => isCertObjectField(kindOf(n, EMPTY_ENV));
  for (const n of cls.getDescendants()) {
    if (Node.isBinaryExpression(n) && /^[!=]==?$/.test(n.getOperatorToken().getText())) {
      const [a, b] = objectField(n.getLeft()) ? [n.getLeft(), n.getRight()] : [n.getRight(), n.getLeft()];
      if (objectField(a) && isStringy(b)) out.push({ node: n, what: `compares ${unwrap(a).getText()} (an object in Node, never equal to a string) with a string` });
    } else if (Node.isCallExpression(n)) {
      const callee = unwrap(n.getExpression());
      if (Node.isPropertyAccessExpression(callee) && STRING_METHODS.has(callee.getName()) && objectField(callee.getExpression())) {
        out.push({ node: n, what: `calls ${callee.getName()}() on ${unwrap(callee.getExpression()).getText()}, an object without string methods (it throws a TypeError)` });
      } else if (callee.getText() === 'String' && n.getArguments()[0] && objectField(n.getArguments()[0])) {
        out.push({ node: n, what: `turns ${n.getArguments()[0].getText()} into a string, which throws for Node's null-prototype name object` });
      }
    } else if (Node.isTemplateSpan(n) && objectField(n.getExpression())) {
      out.push({ node: n.getExpression(), what: `interpolates ${n.getExpression().getText()} into a string, which throws for Node's null-prototype name object` });
    } else if (Node.isPropertyAccessExpression(n)) {
      const field = unsetField(n);
      if (field) out.push({ node: n, what: field });
    }
  }
  return out;
}

/** `cert.issuerName`, `cert.subject.commonName`: fields Node never sets (undefined at run time). */
function unsetField(n: Node): string | undefined {
  if (!Node.isPropertyAccessExpression(n)) return undefined;
  // `subject.match(...)`: a method call, reported as such.
  const parent = n.getParent();
  if (parent && Node.isCallExpression(parent) && parent.getExpression() === n) return undefined;
  const k = kindOf(n, EMPTY_ENV);
  if (k.k !== 'cert' || k.props.includes('?')) return undefined;
  const [first, second] = k.props;
  if (k.props.length === 1 && !CERT_FIELDS.has(first)) return `reads ${n.getText()}, a field Node does not set on a peer certificate`;
  if (k.props.length === 2 && (first === 'subject' || first === 'issuer') && !NAME_FIELDS.has(second)) {
    return `reads ${n.getText()}, which Node does not set (the ${first} object has short names: CN, O, OU, C, ...)`;
  }
  return undefined;
}

function isStringy(n: Node): boolean {
  const u = unwrap(n);
  const k = kindOf(u, EMPTY_ENV);
  return (k.k === 'literal' && typeof k.value === 'string') || Node.isTemplateExpression(u);
}

/** An identity read from the certificate (fingerprint, serial, SAN, a subject field) passed to a lookup, used as a key, or compared. */
function identityMapping(cls: ClassDeclaration): Node | undefined {
  const identity = (n: Node): boolean => derives(n, EMPTY_ENV, (k) => {
    if (k.k !== 'cert') return false;
    const p = certPath(k);
    return IDENTITY.test(k.props[0] ?? '') || /^(subject)(\.|$)/.test(p);
  });
  for (const n of cls.getDescendants()) {
    if (Node.isCallExpression(n)) {
      if (NOT_A_LOOKUP.test(n.getExpression().getText()) || calleeName(n) === 'getPeerCertificate') continue;
      if (n.getArguments().some(identity)) return n;
      // `cn.startsWith('client-')`, `subject.match(/CN=a/)`: the identity tested against a pattern (right or wrong, a mapping).
      const callee = unwrap(n.getExpression());
      if (Node.isPropertyAccessExpression(callee) && PATTERN_TESTS.has(callee.getName()) && identity(callee.getExpression())) return n;
    } else if (Node.isElementAccessExpression(n)) {
      const arg = n.getArgumentExpression();
      if (arg && identity(arg)) return n;
    } else if (Node.isBinaryExpression(n) && /^[!=]==?$/.test(n.getOperatorToken().getText())) {
      if ([n.getLeft(), n.getRight()].some((s) => identity(s)) && ![n.getLeft(), n.getRight()].some((s) => /^(undefined|null)$/.test(s.getText()))) return n;
    }
  }
  return undefined;
}
