/**
 * Does a client-certificate guard authenticate? Only if every way through it needs a certificate
 * the TLS layer verified: `socket.authorized === true` on the way, or a check that a certificate was
 * presented (a field set, an identity looked up) on a server that refuses unverified ones; or a
 * certificate forwarded by a proxy whose address is checked. `if (!cert)` is no check at all:
 * `getPeerCertificate()` returns `{}` when the client sends none. A way the guard lets through on
 * a marker, the context type, another credential or another guard is judged elsewhere.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration } from 'ts-morph';
import { calleeName, shortText, unwrap } from './ast';
import { factAtoms, headerFallback, type Atom } from './certAtoms';
import { kindOf, EMPTY_ENV } from './symbolic';
import { certGuardFacts } from './certGuards';
import { tlsListener, type TlsListener } from './tlsListener';
import type { SemanticsHost } from './host';
import { CERT_HEADER, CERT_RELEVANT, READS_CLIENT_CERT } from './tlsVocabulary';
import { waysThrough, type Fact, type FunctionLike, type Way } from './waysThrough';
import { startLineOf } from '../project/position';

export type WayVerdict =
  | 'authorized' | 'listener' | 'proxy' | 'deferred' | 'dead'
  | 'no-check' | 'unverified' | 'forwarded-untrusted' | 'listener-unknown';

export interface JudgedWay {
  way: Way;
  verdict: WayVerdict;
  /** The header read in place of a certificate field on this way (`cert.serialNumber ? ... : req.headers['x-client-serial']`). */
  fallbackHeader?: Node;
}

export interface CertJudgement {
  authenticates: boolean | 'unknown';
  /** One line, without the guard's name first (`requires a client certificate the TLS layer verified (socket.authorized)`). */
  reason: string;
  /** The finding that names how a request gets through, when the guard does not authenticate. */
  weakenedBy?: { code: string; node: Node };
  ways: JudgedWay[];
  /** Tests of the certificate object itself (`!cert`, `cert == null`): never false for `{}`. */
  emptyTests: Node[];
  /** Ways through that do not rest on `socket.authorized` (they rely on the server or a proxy, or on nothing). */
  withoutAuthorized: JudgedWay[];
}

export const WEAK: ReadonlySet<WayVerdict> = new Set(['no-check', 'unverified', 'forwarded-untrusted']);

/** Whether the classes handle a client certificate at all (the peer certificate, `authorized`, a forwarded certificate header). */
export function handlesClientCert(classes: ClassDeclaration[]): boolean {
  return classes.some((c) => READS_CLIENT_CERT.test(c.getText())
    || c.getDescendantsOfKind(SyntaxKind.StringLiteral).some((s) => CERT_HEADER.test(s.getLiteralValue())));
}

const memo = new WeakMap<SemanticsHost, Map<ClassDeclaration, CertJudgement | undefined>>();

/** The judgement of a guard (its class first, then its base classes) on the app's listener; once per pass. */
export function judgeCertGuard(classes: ClassDeclaration[], host: SemanticsHost, entry: Entry = 'guard'): CertJudgement | undefined {
  if (classes.length === 0) return undefined;
  let byClass = memo.get(host);
  if (!byClass) memo.set(host, (byClass = new Map()));
  if (!byClass.has(classes[0])) byClass.set(classes[0], certificateJudgement(classes, tlsListener(host), (e) => host.resolveDeclaration(e), entry));
  return byClass.get(classes[0]);
}

/** A guard lets a request through by returning true (`canActivate`); an interceptor by calling `next.handle()` (`intercept`). */
export type Entry = 'guard' | 'interceptor';

/** Helpers worth following from a certificate check: they read the socket or the certificate, or may throw. */
export const followCertHelpers = (fn: FunctionLike): boolean => CERT_RELEVANT.test(fn.getText()) || fn.getDescendantsOfKind(SyntaxKind.ThrowStatement).length > 0;

export function certificateJudgement(
  classes: ClassDeclaration[], listener: TlsListener, resolve?: (id: Node) => Node | undefined, entry: Entry = 'guard',
): CertJudgement | undefined {
  const method = classes.map((c) => c.getInstanceMethod(entry === 'guard' ? 'canActivate' : 'intercept')).find((m) => m !== undefined);
  if (!method || !method.getBody() || !handlesClientCert(classes)) return undefined;
  const result = waysThrough(method, { classes, resolve, mode: entry, follow: followCertHelpers });
  const ways = result.ways.map((way) => judged(way, listener));
  const emptyTests = classes.flatMap(emptyObjectTests);
  const withoutAuthorized = ways.filter((w) => !['authorized', 'deferred', 'dead'].includes(w.verdict));
  const base = { ways, emptyTests, withoutAuthorized };
  if (!result.complete) return { ...base, authenticates: 'unknown', reason: 'has more branches than the analyzer follows; its certificate check could not be judged' };
  const weak = ways.find((w) => WEAK.has(w.verdict));
  if (weak) return { ...base, authenticates: false, ...weakness(weak, listener, emptyTests, method) };
  const open = ways.find((w) => w.verdict === 'listener-unknown');
  if (open) {
    return { ...base, authenticates: 'unknown', reason: `accepts a presented certificate without checking socket.authorized, and ${listener.summary}` };
  }
  return { ...base, authenticates: true, reason: strength(ways, listener, classes.flatMap((c) => certGuardFacts(c).stringCompares.map((x) => x.what))) };
}

function judged(way: Way, listener: TlsListener): JudgedWay {
  const verdict = judgeWay(way, listener);
  if (verdict !== 'forwarded-untrusted') return { way, verdict };
  const fallbackHeader = way.facts.map((f) => ('caught' in f ? undefined : headerFallback(withoutNegation(f.node), f.env))).find((h) => h !== undefined);
  return fallbackHeader ? { way, verdict, fallbackHeader } : { way, verdict };
}

function withoutNegation(n: Node): Node {
  const e = unwrap(n);
  return Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken ? withoutNegation(e.getOperand()) : e;
}

function judgeWay(way: Way, listener: TlsListener): WayVerdict {
  const atoms = new Set<Atom>();
  for (const f of way.facts) for (const a of factAtoms(f)) atoms.add(a);
  if (throwsWithoutCertificate(way)) atoms.add('present');
  if (atoms.has('metadata') || atoms.has('contextType') || way.delegated) return 'deferred';
  if (atoms.has('authorized')) return 'authorized';
  if (atoms.has('present')) {
    if (listener.rejectsUnverified === true) return 'listener';
    // No certificate is ever requested: a check that one was presented refuses every request.
    if (listener.requestsCert === false) return 'dead';
    return listener.rejectsUnverified === 'unknown' || listener.requestsCert === 'unknown' ? 'listener-unknown' : 'unverified';
  }
  if (atoms.has('trustedProxy') && atoms.has('header')) return 'proxy';
  // Another credential (an API key, a token) decides this way: the guard rules judge it.
  if (atoms.has('credential')) return 'deferred';
  if (atoms.has('header')) return 'forwarded-untrusted';
  return 'no-check';
}

/**
 * A statement run on the way reads a field of an absent certificate field (`cert.subject.CN` when
 * `subject` is undefined): it throws, so a request without a certificate never passes that way.
 */
function throwsWithoutCertificate(way: Way): boolean {
  return way.executed.some(({ node, env }) => {
    for (const acc of [node, ...node.getDescendants()]) {
      if (!(Node.isPropertyAccessExpression(acc) || Node.isElementAccessExpression(acc)) || acc.getText().includes('?.')) continue;
      const k = kindOf(acc.getExpression(), env);
      if (k.k === 'cert' && k.props.length > 0 && unconditional(acc, node)) return true;
    }
    return false;
  });
}

function unconditional(n: Node, stmt: Node): boolean {
  for (let child: Node = n, p = n.getParent(); p && child !== stmt; child = p, p = p.getParent()) {
    if (Node.isArrowFunction(p) || Node.isFunctionExpression(p) || Node.isFunctionDeclaration(p) || Node.isMethodDeclaration(p)) return false;
    if (Node.isConditionalExpression(p) && child !== p.getCondition()) return false;
    if (Node.isBinaryExpression(p) && child === p.getRight() && [SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(p.getOperatorToken().getKind())) return false;
    if (Node.isIfStatement(p) && child !== p.getExpression()) return false;
    if (Node.isTryStatement(p) || Node.isCatchClause(p)) return false;
  }
  return true;
}

/** `!cert`, `if (cert)`, `cert == null`, `cert === undefined`: truthiness of the certificate object. */
export function emptyObjectTests(cls: ClassDeclaration): Node[] {
  const isCertObject = (n: Node): boolean => {
    const k = kindOf(n, EMPTY_ENV);
    return k.k === 'cert' && k.props.length === 0;
  };
  const out: Node[] = [];
  for (const n of cls.getDescendants()) {
    if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.ExclamationToken && isCertObject(n.getOperand())) out.push(n);
    else if (Node.isIfStatement(n) && isCertObject(n.getExpression())) out.push(n.getExpression());
    else if (Node.isBinaryExpression(n) && /^[!=]==?$/.test(n.getOperatorToken().getText()) && /^(null|undefined)$/.test(n.getRight().getText()) && isCertObject(n.getLeft())) out.push(n);
  }
  return out;
}

function weakness(w: JudgedWay, listener: TlsListener, emptyTests: Node[], method: Node): { reason: string; weakenedBy: { code: string; node: Node } } {
  const line = startLineOf(w.way.at);
  if (w.verdict === 'unverified') {
    return {
      reason: `accepts any certificate the client presents, verified or not: nothing on the way to line ${line} checks socket.authorized, and ${listener.summary} (mtls-reject-unauthorized-false)`,
      weakenedBy: { code: 'mtls-reject-unauthorized-false', node: listener.options[0]?.rejectUnauthorizedNode ?? listener.options[0]?.object ?? w.way.at },
    };
  }
  if (w.verdict === 'forwarded-untrusted' && w.fallbackHeader) {
    return {
      reason: `takes the certificate's identity from ${headerText(w.fallbackHeader)}, which any client can send, when no certificate is presented (the way to line ${line}) (mtls-untrusted-forwarded-cert)`,
      weakenedBy: { code: 'mtls-untrusted-forwarded-cert', node: w.fallbackHeader },
    };
  }
  if (w.verdict === 'forwarded-untrusted') {
    return {
      reason: `trusts a forwarded client-certificate header on the way to line ${line} without checking that the request came from a trusted proxy (mtls-untrusted-forwarded-cert)`,
      weakenedBy: { code: 'mtls-untrusted-forwarded-cert', node: w.way.at },
    };
  }
  const checked = w.way.facts.map(describeFact);
  const what = checked.length ? `on the way to line ${line} only ${checked.map((c) => `\`${c}\``).join(' and ')} must hold, which the empty object getPeerCertificate() returns without a certificate passes`
    : `nothing checks the certificate on the way to line ${line}`;
  return {
    reason: `lets a request without a client certificate through: ${what} (mtls-empty-cert-check)`,
    weakenedBy: { code: 'mtls-empty-cert-check', node: emptyTests[0] ?? firstPeerCertCall(method) ?? w.way.at },
  };
}

/** `the x-client-serial header` for `req.headers['x-client-serial']`, else the expression. */
export function headerText(n: Node): string {
  const name = n.getDescendantsOfKind(SyntaxKind.StringLiteral)[0]?.getLiteralValue();
  return name ? `the ${name} header` : `\`${shortText(n)}\``;
}

/** A condition as it holds on the way: `cert` for a failed `!cert`, `a === b` for a failed `a !== b`. */
export function describeFact(f: Fact): string {
  if ('caught' in f) return 'an error is caught';
  if (f.holds) return shortText(f.node);
  const e = unwrap(f.node);
  if (Node.isPrefixUnaryExpression(e) && e.getOperatorToken() === SyntaxKind.ExclamationToken) return shortText(e.getOperand());
  if (Node.isBinaryExpression(e)) {
    const flip: Record<string, string> = { '===': '!==', '!==': '===', '==': '!=', '!=': '==' };
    const op = flip[e.getOperatorToken().getText()];
    if (op) return shortText(e.getLeft()) + ` ${op} ` + shortText(e.getRight());
  }
  return `!(${shortText(f.node)})`;
}

function firstPeerCertCall(method: Node): Node | undefined {
  return method.getDescendantsOfKind(SyntaxKind.CallExpression).find((c) => calleeName(c) === 'getPeerCertificate');
}

function strength(ways: JudgedWay[], listener: TlsListener, refusals: string[]): string {
  const has = (v: WayVerdict): boolean => ways.some((w) => w.verdict === v);
  const parts: string[] = [];
  if (has('authorized')) parts.push('a client certificate the TLS layer verified (socket.authorized)');
  if (has('listener')) parts.push(`a presented client certificate, and ${listener.summary}`);
  if (has('proxy')) parts.push('a client certificate forwarded by a trusted proxy');
  const dead = has('dead') || (listener.requestsCert === false && has('authorized')) ? `; but ${listener.summary}, so no request passes` : '';
  if (parts.length === 0) {
    const why = refusals.length ? `: ${refusals.join('; ')} (mtls-issuer-string-compare)` : '';
    return `lets no request through on a certificate${why}${dead}`;
  }
  return `requires ${parts.join(' or ')}${dead}`;
}
