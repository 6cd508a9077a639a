/**
 * The server the application really listens on, and what its TLS options make of client
 * certificates. Node's defaults: no client certificate is requested unless `requestCert: true`; then
 * `rejectUnauthorized` (default true) refuses, at the handshake, a connection without a certificate
 * signed by `ca`. Also finds TLS options that never reach that server: given to an
 * `https.createServer` that is never started, to an app that never calls `listen()`, or left out of
 * `NestFactory.create`.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, SourceFile } from 'ts-morph';
import type { SourceLocation } from '../model';
import type { SemanticsHost } from './host';
import { propInit, unwrap } from './ast';
import { httpsOptionsOfCall, nestFactoryCreateCalls, objectOf, type Resolve } from './tlsOptions';
import { startLineOf } from '../project/position';

export type Tri = boolean | 'unknown';

export interface ListenerOptions {
  /** The options object (for locations). */
  object: Node;
  requestCert: Tri;
  /** As Node applies it: true unless set to false (an expression gives `unknown`). */
  rejectUnauthorized: Tri;
  hasCa: Tri;
  requestCertNode?: Node;
  rejectUnauthorizedNode?: Node;
}

export interface TlsListener {
  /** `https`: the served app has TLS options we read; `http`: none; `unknown`: could not tell (or nothing listens). */
  transport: 'https' | 'http' | 'unknown';
  /** The options of the servers that serve the app. */
  options: ListenerOptions[];
  /** Every TLS options object of the bootstrap file that a server is made with (served or not). */
  declared: ListenerOptions[];
  /** Every listener refuses a connection without a certificate from the configured CA, at the handshake. */
  rejectsUnverified: Tri;
  /** Some listener asks clients for a certificate at all. */
  requestsCert: Tri;
  /** Where the served options are, for messages (`src/main.ts:7`). */
  at?: SourceLocation;
  /** One line: what the server does with client certificates. */
  summary: string;
}

export interface UnappliedTls {
  node: Node;
  why: string;
}

const SERVER_FACTORY = /^(https|tls|http2|spdy)\.(createServer|createSecureServer)$|^(createServer|createSecureServer)$/;

const memo = new WeakMap<SemanticsHost, { listener: TlsListener; unapplied: UnappliedTls[] }>();

export function tlsListener(host: SemanticsHost): TlsListener {
  return analyse(host).listener;
}

export function unappliedTlsOptions(host: SemanticsHost): UnappliedTls[] {
  return analyse(host).unapplied;
}

function analyse(host: SemanticsHost): { listener: TlsListener; unapplied: UnappliedTls[] } {
  let hit = memo.get(host);
  if (!hit) {
    hit = compute(host);
    memo.set(host, hit);
  }
  return hit;
}

interface StartedServer { call: CallExpression; options: ListenerOptions | undefined; started: boolean }

function compute(host: SemanticsHost): { listener: TlsListener; unapplied: UnappliedTls[] } {
  const resolve: Resolve = (e) => host.resolveDeclaration(e);
  const entry = host.entryFile;
  const unknown: TlsListener = { transport: 'unknown', options: [], declared: [], rejectsUnverified: 'unknown', requestsCert: 'unknown', summary: 'the bootstrap file was not found' };
  if (!entry) return { listener: unknown, unapplied: [] };
  const create = servedCreateCall(entry);
  const servers = serverFactories(entry, resolve);
  const started = servers.filter((s) => s.started);
  const appListens = create ? listenState(create) : 'no';
  const createOpts = create ? httpsOptionsOfCall(create, resolve).map((o) => listenerOptions(o.object)) : [];
  const unapplied: UnappliedTls[] = [];
  for (const s of servers) {
    if (!s.started && s.options) {
      unapplied.push({ node: s.options.object, why: `these TLS options are given to ${s.call.getExpression().getText()}(), whose server is never started (listen() is not called on it)` });
    }
  }
  const listeners: ListenerOptions[] = [];
  let transport: TlsListener['transport'] = 'unknown';
  if (appListens === 'yes') {
    listeners.push(...createOpts);
    transport = createOpts.length > 0 ? 'https' : create && servesOwnServer(create) ? 'http' : 'unknown';
  } else if (appListens === 'no' && createOpts.length > 0 && started.length === 0) {
    unapplied.push({ node: createOpts[0].object, why: 'the app never calls listen(), so these httpsOptions never serve a request' });
  }
  for (const s of started) {
    if (s.options) listeners.push(s.options);
    transport = s.options ? 'https' : transport === 'https' ? 'https' : 'unknown';
  }
  if (appListens === 'unknown' && started.length === 0) transport = 'unknown';
  for (const obj of strayTlsObjects(entry, [...createOpts.map((o) => o.object), ...servers.flatMap((s) => (s.options ? [s.options.object] : []))])) {
    const where = create ? ` (NestFactory.create at line ${startLineOf(create)} has no httpsOptions${createOpts.length ? ' of its own' : ''})` : '';
    unapplied.push({ node: obj, why: `these TLS options are never passed to the server the app listens on${where}` });
  }
  const declared = [...createOpts, ...servers.flatMap((s) => (s.options ? [s.options] : []))];
  const listener = { ...describe(transport, listeners, host), declared };
  return { listener, unapplied };
}

/** The `NestFactory.create` call whose app is listened on (else the last one). */
function servedCreateCall(entry: SourceFile): CallExpression | undefined {
  const calls = nestFactoryCreateCalls(entry);
  return calls.find((c) => listenState(c) === 'yes') ?? calls[calls.length - 1];
}

/** `yes`: `app.listen(...)` in the creating function; `unknown`: the app is handed to another function (which may listen). */
function listenState(create: CallExpression): 'yes' | 'no' | 'unknown' {
  const appVar = assignedName(create);
  if (!appVar) return 'unknown';
  const scope = create.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a) || Node.isFunctionExpression(a)) ?? create.getSourceFile();
  const calls = scope.getDescendantsOfKind(SyntaxKind.CallExpression);
  const onApp = (c: CallExpression, name: string): boolean => {
    const callee = c.getExpression();
    return Node.isPropertyAccessExpression(callee) && callee.getName() === name && callee.getExpression().getText() === appVar;
  };
  if (calls.some((c) => onApp(c, 'listen'))) return 'yes';
  const handedOn = calls.some((c) => c !== create && c.getArguments().some((a) => unwrap(a).getText() === appVar)
    && !/\.(use\w*|enable\w*|set\w*|connectMicroservice)$/.test(c.getExpression().getText()));
  const returned = scope.getDescendantsOfKind(SyntaxKind.ReturnStatement).some((r) => r.getExpression()?.getText() === appVar);
  return handedOn || returned ? 'unknown' : 'no';
}

/** `NestFactory.create(M, opts?)`: Nest makes (and listens on) its own server; not when given an adapter over a server we cannot read. */
function servesOwnServer(create: CallExpression): boolean {
  const second = create.getArguments()[1];
  if (!second) return true;
  const u = unwrap(second);
  return Node.isObjectLiteralExpression(u) || Node.isIdentifier(u) || (Node.isNewExpression(u) && u.getArguments().length === 0);
}

function assignedName(call: CallExpression): string | undefined {
  let cur: Node | undefined = call.getParent();
  while (cur && (Node.isAwaitExpression(cur) || Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur))) cur = cur.getParent();
  if (cur && Node.isVariableDeclaration(cur)) return cur.getName();
  if (cur && Node.isBinaryExpression(cur)) return cur.getLeft().getText();
  return undefined;
}

/** `https.createServer(opts, handler)` calls of the file, with whether the server they make is started. */
function serverFactories(entry: SourceFile, resolve: Resolve): StartedServer[] {
  return entry.getDescendantsOfKind(SyntaxKind.CallExpression)
    .filter((c) => SERVER_FACTORY.test(c.getExpression().getText()) && !/^http\.createServer$/.test(c.getExpression().getText()))
    .map((call) => {
      const obj = objectOf(call.getArguments()[0], resolve);
      return { call, options: obj ? listenerOptions(obj) : undefined, started: isStarted(call) };
    });
}

/** `createServer(...).listen()`, or the variable holding the server is listened on or handed to another call. */
function isStarted(call: CallExpression): boolean {
  let cur: Node = call;
  while (cur.getParent() && (Node.isAwaitExpression(cur.getParent()!) || Node.isParenthesizedExpression(cur.getParent()!))) cur = cur.getParent()!;
  const parent = cur.getParent();
  if (parent && Node.isPropertyAccessExpression(parent) && parent.getName() === 'listen') return true;
  if (parent && Node.isVariableDeclaration(parent)) {
    const name = parent.getName();
    const scope = parent.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isArrowFunction(a)) ?? parent.getSourceFile();
    return scope.getDescendantsOfKind(SyntaxKind.Identifier).some((id) => {
      if (id.getText() !== name || id === parent.getNameNode()) return false;
      const p = id.getParent();
      return !(p && Node.isPropertyAccessExpression(p) && p.getExpression() === id && p.getName() !== 'listen');
    });
  }
  // Returned, passed on or assigned elsewhere: it may be started there.
  return !(parent && Node.isExpressionStatement(parent));
}

export function listenerOptions(object: Node): ListenerOptions {
  const rc = propInit(object, 'requestCert');
  const ru = propInit(object, 'rejectUnauthorized');
  const ca = propInit(object, 'ca');
  const spread = Node.isObjectLiteralExpression(object) && object.getProperties().some((p) => Node.isSpreadAssignment(p));
  const bool = (e: Node | undefined, dflt: boolean): Tri => {
    if (!e) return spread ? 'unknown' : dflt;
    const u = unwrap(e);
    if (u.getKind() === SyntaxKind.TrueKeyword) return true;
    if (u.getKind() === SyntaxKind.FalseKeyword) return false;
    return 'unknown';
  };
  return {
    object,
    requestCert: bool(rc, false),
    rejectUnauthorized: bool(ru, true),
    hasCa: ca ? true : spread ? 'unknown' : false,
    requestCertNode: rc,
    rejectUnauthorizedNode: ru,
  };
}

/** Object literals of the entry file that set `requestCert` but reach no server. */
function strayTlsObjects(entry: SourceFile, used: Node[]): Node[] {
  return entry.getDescendantsOfKind(SyntaxKind.ObjectLiteralExpression).filter((o) =>
    propInit(o, 'requestCert') !== undefined && !used.includes(o) && !insideUsed(o, used) && !isAgentOption(o));
}

function insideUsed(o: Node, used: Node[]): boolean {
  return used.some((u) => u.containsRange(o.getPos(), o.getEnd()) || o.containsRange(u.getPos(), u.getEnd()));
}

/** Options of an outgoing connection (`new https.Agent({...})`, `https.request({...})`) are no server's. */
function isAgentOption(o: Node): boolean {
  const p = unwrap(o).getParent();
  return !!p && (Node.isNewExpression(p) || Node.isCallExpression(p)) && /Agent$|\.request$|\.get$|\.connect$/.test(p.getExpression().getText());
}

function describe(transport: TlsListener['transport'], listeners: ListenerOptions[], host: SemanticsHost): Omit<TlsListener, 'declared'> {
  const all = <T>(f: (l: ListenerOptions) => T, want: T): Tri =>
    listeners.length === 0 ? 'unknown' : listeners.every((l) => f(l) === want) ? true : listeners.some((l) => f(l) === 'unknown') ? 'unknown' : false;
  const rejects: Tri = transport === 'http' ? false : transport !== 'https' ? 'unknown'
    : all((l) => (l.requestCert === true && l.rejectUnauthorized === true && l.hasCa === true ? true : l.requestCert === false || l.rejectUnauthorized === false || l.hasCa === false ? false : 'unknown'), true);
  const requests: Tri = transport === 'http' ? false : transport !== 'https' ? 'unknown'
    : listeners.some((l) => l.requestCert === true) ? true : listeners.some((l) => l.requestCert === 'unknown') ? 'unknown' : false;
  const first = listeners[0];
  const at = first ? host.locate(first.object) : undefined;
  const where = at ? ` (${at.file}:${at.line})` : '';
  const summary = transport === 'http' ? 'the app listens over plain HTTP: no client certificate ever arrives'
    : transport === 'unknown' ? 'the server the app listens on could not be determined'
      : rejects === true ? `the server refuses connections without a client certificate from its CA${where}`
        : requests === false ? `the server never asks for a client certificate (no requestCert)${where}`
          : first?.rejectUnauthorized === false ? `the server accepts unverified client certificates (rejectUnauthorized: false)${where}`
            : first?.hasCa === false ? `the server checks client certificates against the public CAs, not a CA of its own (no ca)${where}`
              : `the server's client-certificate options could not all be read${where}`;
  return { transport, options: listeners, rejectsUnverified: rejects, requestsCert: requests, at, summary };
}
