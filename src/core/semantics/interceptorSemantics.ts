/**
 * What an interceptor does to a request before the handler, judged like a guard body: its
 * `intercept(context, next)` lets the request through where it reaches `next.handle()`. An
 * interceptor that refuses (throws, or returns `throwError(...)`) without a credential before that
 * authenticates the routes it covers; it runs after every guard. One that never refuses before
 * `next.handle()` (logging, serialisation, caching) is no security check.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ClassDeclaration, MethodDeclaration, PropertyAccessExpression } from 'ts-morph';
import type { GuardKind, InterceptorRef } from '../model';
import { factAtoms } from './certAtoms';
import { followCertHelpers, handlesClientCert, judgeCertGuard } from './certJudgement';
import { certificateWeaknesses } from './certKind';
import { guardHierarchy } from './guardHierarchy';
import { authenticationPattern } from './guardKind';
import type { SemanticsHost } from './host';
import type { Weakness } from './protection';
import { waysThrough, callsNextHandle } from './waysThrough';
import { FlowScope } from './flow/scope';
import { describeClient, describeSecret } from './flow/origin';
import { matchTest, mismatchTest } from './handlerChecks/secretTests';
import { startLineOf } from '../project/position';

export interface InterceptorSemantics {
  name: string;
  kind: GuardKind;
  /** A fragment for the route's why (without the name). */
  reason: string;
  weaknesses: Weakness[];
  /** Some way through depends on route metadata (a marker it honours): a public route may switch it off. */
  readsMarker: boolean;
  /** The classes (most derived first), when found in source. */
  classes: ClassDeclaration[];
  /** It refuses some request before `next.handle()` (else it is no check at all, whatever its kind). */
  refuses: boolean;
}

/** Interceptors of `@nestjs/*` and common libraries that never refuse a request. */
const PACKAGE_NON_SECURITY = /^(ClassSerializerInterceptor|CacheInterceptor|FileInterceptor|FilesInterceptor|FileFieldsInterceptor|AnyFilesInterceptor|NoFilesInterceptor|SentryInterceptor|GraphqlInterceptor|TimeoutInterceptor|LoggingInterceptor)$/;

const SECURITY_NAME = /auth|jwt|session|token|api.?key|mtls|cert|guard|permission|role|acl|access|login|secur/i;

const memo = new WeakMap<SemanticsHost, Map<string, InterceptorSemantics>>();

/** Memoised per pass and interceptor identity. */
export function interceptorSemantics(ref: InterceptorRef, host: SemanticsHost): InterceptorSemantics {
  let byKey = memo.get(host);
  if (!byKey) memo.set(host, (byKey = new Map()));
  const key = `${ref.form}|${ref.className}|${ref.declaredAt?.file ?? ''}|${ref.name}`;
  let hit = byKey.get(key);
  if (!hit) byKey.set(key, (hit = judge(ref, host)));
  return hit;
}

function judge(ref: InterceptorRef, host: SemanticsHost): InterceptorSemantics {
  const cls = host.interceptorClass?.(ref);
  const base = { name: ref.name, weaknesses: [], readsMarker: false, classes: [] as ClassDeclaration[], refuses: false };
  if (!cls) {
    // Code we cannot read: a package interceptor is taken for what it is named like, a security-named one stays undecided.
    if (PACKAGE_NON_SECURITY.test(ref.className) || !SECURITY_NAME.test(ref.className)) {
      return { ...base, kind: 'non-security', reason: `${ref.className} is not in source and is not named like a security check` };
    }
    return { ...base, refuses: true, kind: 'unknown', reason: `the class of ${ref.name} was not found in source` };
  }
  const classes = guardHierarchy(cls, host).classes;
  const method = classes.map((c) => c.getInstanceMethod('intercept')).find((m) => m !== undefined);
  if (!method || !method.getBody()) return { ...base, classes, refuses: true, kind: 'unknown', reason: 'intercept() not found in source' };
  if (!refusesBeforeHandle(method, classes)) {
    return { ...base, classes, kind: 'non-security', reason: 'calls next.handle() without refusing any request first' };
  }
  if (handlesClientCert(classes)) return certificateInterceptor(classes, host);
  return generic(method, classes, host);
}

function certificateInterceptor(classes: ClassDeclaration[], host: SemanticsHost): InterceptorSemantics {
  const cert = judgeCertGuard(classes, host, 'interceptor');
  const weaknesses = certificateWeaknesses(classes, host, 'interceptor');
  const readsMarker = cert?.ways.some((w) => w.verdict === 'deferred') ?? false;
  const name = classes[0].getName() ?? 'interceptor';
  if (!cert) return { name, classes, refuses: true, kind: 'unknown', reason: 'its certificate check could not be read', weaknesses, readsMarker };
  const kind: GuardKind = cert.authenticates === 'unknown' && weaknesses.length === 0 ? 'unknown' : 'authentication';
  return { name, classes, refuses: true, kind, reason: cert.reason.replace(/ \((mtls-[a-z-]+)\)$/, ''), weaknesses, readsMarker };
}

/**
 * A credential other than a certificate: every way to next.handle() must compare a value the client
 * sent with a secret setting (handlerChecks' match tests), or test a credential while the class
 * verifies one in a known way (a token signature, an API key). A way that tests no credential at all
 * is a way in for anyone.
 */
function generic(method: MethodDeclaration, classes: ClassDeclaration[], host: SemanticsHost): InterceptorSemantics {
  const name = classes[0].getName() ?? 'interceptor';
  const resolve = (e: Node): Node | undefined => host.resolveDeclaration(e);
  const result = waysThrough(method, { classes, resolve, mode: 'interceptor', follow: followCertHelpers });
  const base = { name, classes, weaknesses: [], refuses: true };
  if (!result.complete) return { ...base, kind: 'unknown', reason: 'has more branches than the analyzer follows', readsMarker: false };
  const scope = new FlowScope(method, [[{ kind: 'context', exact: true }], []], host);
  const pattern = authenticationPattern(classes, true, resolve);
  let readsMarker = false;
  let secret: string | undefined;
  for (const way of result.ways) {
    const atoms = new Set(way.facts.flatMap((f) => [...factAtoms(f)]));
    if (atoms.has('metadata') || atoms.has('contextType')) {
      readsMarker ||= atoms.has('metadata');
      continue;
    }
    const compared = way.facts.map((f) => ('caught' in f ? undefined : f.holds ? matchTest(f.node, scope) : mismatchTest(f.node, scope))).find((c) => c);
    if (compared) {
      secret ??= compared.secret ? `compares ${describeClient(compared.client)} with ${describeSecret(compared.secret)}` : `compares ${describeClient(compared.client)} in constant time`;
      continue;
    }
    if (!atoms.has('credential')) {
      return { ...base, readsMarker, kind: 'non-security', reason: `calls next.handle() without a credential check on the way to line ${startLineOf(way.at)}` };
    }
    if (!pattern) return { ...base, readsMarker, kind: 'unknown', reason: 'refuses some requests before next.handle(), but no known credential verification was found' };
  }
  const how = secret ?? (pattern ? (pattern.startsWith(`${name} `) ? pattern.slice(name.length + 1) : pattern) : 'refuses every request');
  return { ...base, readsMarker, kind: 'authentication', reason: `${how}, and refuses before next.handle()` };
}

/**
 * A `throw` or `throwError(...)` of `intercept` (or of a helper it calls on `this`) that is not inside
 * a callback of the handler's own stream (`next.handle().pipe(catchError(...))` runs after the handler).
 */
function refusesBeforeHandle(method: MethodDeclaration, classes: ClassDeclaration[]): boolean {
  const before = (n: Node): boolean => !n.getAncestors().some((a) => afterHandle(a, n));
  const refusals = (root: Node): Node[] => [
    ...root.getDescendantsOfKind(SyntaxKind.ThrowStatement),
    ...root.getDescendantsOfKind(SyntaxKind.CallExpression).filter((c) => /(^|\.)throwError$/.test(c.getExpression().getText())),
  ];
  if (refusals(method).some(before)) return true;
  const helpers = method.getDescendantsOfKind(SyntaxKind.CallExpression)
    .map((c) => c.getExpression())
    .filter((e): e is PropertyAccessExpression => Node.isPropertyAccessExpression(e) && e.getExpression().getKind() === SyntaxKind.ThisKeyword)
    .map((e) => classes.map((c) => c.getInstanceMethod(e.getName())).find((m) => m !== undefined))
    .filter((m): m is MethodDeclaration => m !== undefined && m !== method);
  return helpers.some((h) => refusals(h).length > 0);
}

/** `n` sits in an argument of a call made on the handler's stream (`next.handle().pipe(...)`). */
function afterHandle(call: Node, n: Node): boolean {
  if (!Node.isCallExpression(call)) return false;
  const inArgs = call.getArguments().some((a) => a === n || a.containsRange(n.getPos(), n.getEnd()));
  return inArgs && callsNextHandle(call.getExpression());
}
