/**
 * How a guard (or middleware) class handles a TLS client certificate: where it reads it, whether it
 * checks `socket.authorized`, compares subject/issuer as strings, maps the identity, or trusts a header.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration } from 'ts-morph';
import { boundName, calleeName } from './ast';

/** Fields Node sets on a `PeerCertificate` (tls.DetailedPeerCertificate). */
const CERT_FIELDS = new Set(['subject', 'issuer', 'subjectaltname', 'infoAccess', 'ca', 'modulus', 'exponent', 'pubkey',
  'valid_from', 'valid_to', 'fingerprint', 'fingerprint256', 'fingerprint512', 'ext_key_usage', 'serialNumber', 'raw',
  'bits', 'asn1Curve', 'nistCurve', 'issuerCertificate']);
const IDENTITY_FIELD = /fingerprint|serialNumber|subjectaltname|\bCN\b|\bO\b|\bOU\b|emailAddress|\bUID\b/;
const CERT_HEADER = /^(x-(ssl-)?client-cert(ificate)?|x-forwarded-client-cert|ssl-client-cert|x-ssl-cert|x-arr-clientcert|x-client-verify|x-ssl-client-verify|x-client-dn|x-ssl-client-s-dn)$/i;
const PROXY_CHECK = /remoteAddress|\.ips?\b|trustedProx|trustProx|proxyAllow|isTrustedProxy|TRUSTED_PROX|proxyAddresses|allowedProxies/i;
const STRING_METHODS = new Set(['includes', 'startsWith', 'endsWith', 'indexOf', 'match', 'toLowerCase', 'toUpperCase', 'split', 'localeCompare']);
const LOGGING = /^(console|this\.logger|logger|Logger)\b/;

export interface CertGuardFacts {
  cls: ClassDeclaration;
  /** `getPeerCertificate()` calls. */
  peerCertCalls: Node[];
  checksAuthorized: boolean;
  /** String comparisons against subject/issuer, or reads of fields Node does not set. */
  stringCompares: { node: Node; what: string }[];
  /** A lookup/comparison of a certificate identity field (allowlist, role map, pinned fingerprint). */
  identityMapping: Node | undefined;
  /** Client-certificate headers read. */
  certHeaders: Node[];
  hasProxyCheck: boolean;
}

export function certGuardFacts(cls: ClassDeclaration): CertGuardFacts {
  const calls = cls.getDescendantsOfKind(SyntaxKind.CallExpression);
  const peerCertCalls = calls.filter((c) => calleeName(c) === 'getPeerCertificate');
  const certVars = new Set<string>();
  for (const c of peerCertCalls) {
    const v = boundName(c);
    if (v) certVars.add(v);
  }
  const isCert = (n: Node): boolean => {
    if (Node.isIdentifier(n)) return certVars.has(n.getText());
    if (Node.isCallExpression(n)) return peerCertCalls.includes(n);
    if (Node.isParenthesizedExpression(n) || Node.isNonNullExpression(n)) return isCert(n.getExpression());
    return false;
  };
  const derived = derivedNames(cls, certVars);
  return {
    cls,
    peerCertCalls,
    checksAuthorized: cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).some((p) => p.getName() === 'authorized'),
    stringCompares: stringCompares(cls, isCert),
    identityMapping: identityMapping(cls, derived),
    certHeaders: cls.getDescendantsOfKind(SyntaxKind.StringLiteral).filter((s) => CERT_HEADER.test(s.getLiteralValue())),
    hasProxyCheck: PROXY_CHECK.test(cls.getText()),
  };
}

/** Names bound to the certificate or to values read from it (`const cn = cert.subject.CN`). */
function derivedNames(cls: ClassDeclaration, certVars: Set<string>): Set<string> {
  const out = new Set(certVars);
  for (const d of cls.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = d.getInitializer();
    if (!init) continue;
    const text = init.getText();
    if ([...out].some((v) => new RegExp(`\\b${v}\\b`).test(text)) || /getPeerCertificate/.test(text)) {
      for (const id of d.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier)) out.add(id.getText());
      if (Node.isIdentifier(d.getNameNode())) out.add(d.getName());
    }
  }
  return out;
}

function stringCompares(cls: ClassDeclaration, isCert: (n: Node) => boolean): { node: Node; what: string }[] {
  const out: { node: Node; what: string }[] = [];
  for (const pa of cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression)) {
    if (!isCert(pa.getExpression())) continue;
    const field = pa.getName();
    if (!CERT_FIELDS.has(field)) {
      out.push({ node: pa, what: `reads ${pa.getText()}, a field Node does not set on a peer certificate` });
      continue;
    }
    if (field !== 'subject' && field !== 'issuer') continue;
    const parent = pa.getParent();
    if (Node.isBinaryExpression(parent) && /^[!=]==?$/.test(parent.getOperatorToken().getText())) {
      const other = parent.getLeft() === pa ? parent.getRight() : parent.getLeft();
      if (Node.isStringLiteral(other) || Node.isTemplateExpression(other) || Node.isNoSubstitutionTemplateLiteral(other)) {
        out.push({ node: parent, what: `compares ${pa.getText()} (an object) with a string` });
      }
    } else if (Node.isPropertyAccessExpression(parent) && STRING_METHODS.has(parent.getName())) {
      out.push({ node: parent, what: `calls ${parent.getName()}() on ${pa.getText()}, which is an object, not a string` });
    } else if (Node.isCallExpression(parent) && parent.getExpression().getText() === 'String') {
      out.push({ node: parent, what: `turns ${pa.getText()} into a string ("[object Object]")` });
    } else if (Node.isTemplateSpan(parent)) {
      out.push({ node: parent, what: `interpolates ${pa.getText()} into a string ("[object Object]")` });
    }
  }
  return out;
}

function identityMapping(cls: ClassDeclaration, derived: Set<string>): Node | undefined {
  const refsCert = (n: Node): boolean => {
    const t = n.getText();
    if (t.includes('getPeerCertificate(')) return true;
    return [...derived].some((v) => new RegExp(`\\b${v}\\b`).test(t));
  };
  for (const call of cls.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression().getText();
    if (LOGGING.test(callee) || calleeName(call) === 'getPeerCertificate' || /^Object\.|^String$|^Boolean$/.test(callee)) continue;
    if (call.getArguments().some((a) => refsCert(a) && IDENTITY_FIELD.test(a.getText() + ' ' + defsOf(cls, a)))) return call;
  }
  for (const ea of cls.getDescendantsOfKind(SyntaxKind.ElementAccessExpression)) {
    const arg = ea.getArgumentExpression();
    if (arg && refsCert(arg) && IDENTITY_FIELD.test(arg.getText() + ' ' + defsOf(cls, arg))) return ea;
  }
  for (const bin of cls.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    if (!/^[!=]==?$/.test(bin.getOperatorToken().getText())) continue;
    const sides = [bin.getLeft(), bin.getRight()];
    if (sides.some((s) => refsCert(s) && /fingerprint|serialNumber/.test(s.getText() + ' ' + defsOf(cls, s)))) return bin;
  }
  return undefined;
}

/** Initialisers of the local names an expression uses (so `lookup(cn)` sees `cert.subject.CN`). */
function defsOf(cls: ClassDeclaration, expr: Node): string {
  const ids = new Set(expr.getDescendantsOfKind(SyntaxKind.Identifier).map((i) => i.getText()));
  if (Node.isIdentifier(expr)) ids.add(expr.getText());
  return cls.getDescendantsOfKind(SyntaxKind.VariableDeclaration)
    .filter((d) => d.getNameNode().getDescendantsOfKind(SyntaxKind.Identifier).some((i) => ids.has(i.getText())) || ids.has(d.getName()))
    .map((d) => d.getText()).join(' ');
}
