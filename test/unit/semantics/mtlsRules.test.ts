/** mTLS and hybrid-app rules over the fixtures: each mistake gives exactly its finding; the correct setup gives none. */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { applySemantics } from '../../../src/core/semantics';
import type { AppIndex } from '../../../src/core/model';
import { FIXTURES, TestHost, guard, route } from './testHost';

function findings(fixture: string, guardName: string, level: 'global' | 'controller' = 'controller') {
  const host = TestHost.fixture(fixture);
  const a: AppIndex = {
    name: fixture, root: host.root, entryFile: 'src/main.ts', rootModule: 'AppModule', findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] },
    routes: [route('AccountsController', 'list', 'GET', '/accounts', { guards: [guard(host, guardName, level)] })],
  };
  applySemantics(a, host);
  return a;
}

const summary = (a: AppIndex) => a.findings.map((f) => `${f.code} ${f.cwe} ${f.file}:${f.line}`);

const severities = (a: AppIndex) => a.findings.map((f) => `${f.code} ${f.severity} ${f.file}:${f.line}`);

/** Findings of an app made of the given files (the bootstrap at src/main.ts) and one route behind `guardName`, if given. */
function memoryFindings(files: Record<string, string>, guardName?: string): AppIndex {
  const host = TestHost.memory(files, { modules: [] });
  const a: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] },
    routes: guardName ? [route('C', 'h', 'GET', '/c', { guards: [guard(host, guardName, 'controller')] })] : [] };
  applySemantics(a, host);
  return a;
}

const certGuard = (body: string): string => `export class CertGuard {
  canActivate(ctx) {
    const cert = ctx.switchToHttp().getRequest().socket.getPeerCertificate();
    if (ctx.switchToHttp().getRequest().socket.authorized !== true) return false;
${body}
    return true;
  }
}`;

describe('mTLS and hybrid-app rules', () => {
  it('requestCert with rejectUnauthorized: false and no certificate guard: a warning at the option', () => {
    const a = findings('sem-mtls-reject', 'JwtGuard');
    assert.deepStrictEqual(severities(a), ['mtls-reject-unauthorized-false warning src/main.ts:12']);
    assert.strictEqual(a.findings[0].message,
      'The TLS options set requestCert: true with rejectUnauthorized: false: unverified client certificates complete the handshake (no guard reads the client certificate).');
    assert.strictEqual(a.routes[0].verdict, 'protected');
  });

  it('`!cert` beside a fingerprint lookup on a server that rejects unverified certificates: protected, a warning', () => {
    const a = findings('sem-mtls-empty-cert', 'ClientCertGuard');
    assert.deepStrictEqual(severities(a), ['mtls-empty-cert-check warning src/client-cert.guard.ts:13']);
    assert.strictEqual(a.findings[0].message, "ClientCertGuard tests `!cert`, which never fails (getPeerCertificate() returns {} without a certificate); it relies on its other checks and the server's options, not on socket.authorized.");
    assert.deepStrictEqual(a.findings[0].routes, [a.routes[0].id]);
    assert.strictEqual(a.routes[0].verdict, 'protected');
    assert.match(a.routes[0].why!, /^ClientCertGuard \(requires a presented client certificate, and the server refuses connections without a client certificate from its CA \(src\/main\.ts:7\)\) and TLS listener \(/);
  });

  it('subject/issuer compared as strings and a field Node does not set: the guard refuses everyone', () => {
    const a = findings('sem-mtls-string-compare', 'ClientCertGuard');
    assert.deepStrictEqual(summary(a), [
      'mtls-issuer-string-compare CWE-295 src/client-cert.guard.ts:14',
      'mtls-issuer-string-compare CWE-295 src/client-cert.guard.ts:15',
    ]);
    assert.deepStrictEqual(a.findings.map((f) => f.message), [
      'ClientCertGuard compares cert.issuer (an object in Node, never equal to a string) with a string.',
      'ClientCertGuard reads cert.issuerName, a field Node does not set on a peer certificate.',
    ]);
    assert.match(a.routes[0].why!, /^ClientCertGuard \(lets no request through on a certificate: compares cert\.issuer .* \(mtls-issuer-string-compare\)\) and TLS listener/);
  });

  it('string compares found through locals, destructuring and optional chaining; field reads stay quiet', () => {
    const messages = (body: string): string[] => memoryFindings({ 'src/main.ts': '', 'src/g.ts': certGuard(body) }, 'CertGuard')
      .findings.filter((f) => f.code === 'mtls-issuer-string-compare').map((f) => `${f.line}: ${f.message}`);
    assert.deepStrictEqual(messages("    const { issuer } = cert;\n    if (issuer !== 'CN=Corp CA') return false;"),
      ['6: CertGuard compares issuer (an object in Node, never equal to a string) with a string.']);
    assert.deepStrictEqual(messages('    const subject = cert.subject;\n    if (!subject.match(/CN=client/)) return false;'),
      ['6: CertGuard calls match() on subject, an object without string methods (it throws a TypeError).']);
    assert.deepStrictEqual(messages("    if (cert?.issuer === `CN=${NAME}`) return false;"),
      ['5: CertGuard compares cert?.issuer (an object in Node, never equal to a string) with a string.']);
    assert.deepStrictEqual(messages("    if (!String(cert.subject).includes('client')) return false;"),
      ['5: CertGuard turns cert.subject into a string, which throws for Node\'s null-prototype name object.']);
    assert.deepStrictEqual(messages("    const { subject: { commonName } } = cert;\n    if (commonName !== 'a') return false;\n    this.log(`${cert.issuer}`);"), [
      "7: CertGuard interpolates cert.issuer into a string, which throws for Node's null-prototype name object.",
    ]);
    assert.deepStrictEqual(messages("    if (cert.subject.commonName !== 'a') return false;"),
      ['5: CertGuard reads cert.subject.commonName, which Node does not set (the subject object has short names: CN, O, OU, C, ...).']);
    assert.deepStrictEqual(messages("    if (cert.subject?.CN !== 'a' || cert.issuer.O !== 'Corp') return false;\n    const { subject: { CN } } = cert;\n    if (!['a'].includes(CN)) return false;"), []);
  });

  it('mtls-string-compares (probed over TLS): subject/issuer as strings through destructuring, a local, optional chaining', () => {
    const app = analyzeWorkspace(path.join(FIXTURES, 'mtls-string-compares')).apps[0];
    assert.deepStrictEqual(app.routes.map((r) => `${r.path} ${r.verdict}`), ['/issuer protected', '/subject protected', '/deny-list protected', '/optional-issuer unprotected']);
    const guards = 'src/string-compare.guards.ts';
    assert.deepStrictEqual(app.findings.filter((f) => f.code === 'mtls-issuer-string-compare').map((f) => `${f.file}:${f.line} ${f.message}`), [
      `${guards}:14 IssuerGuard compares issuer (an object in Node, never equal to a string) with a string.`,
      `${guards}:26 SubjectMatchGuard calls match() on subject, an object without string methods (it throws a TypeError).`,
      `${guards}:38 DenyListGuard compares cert?.subject (an object in Node, never equal to a string) with a string.`,
      `${guards}:49 OptionalIssuerGuard compares issuer (an object in Node, never equal to a string) with a string.`,
    ]);
    assert.strictEqual(app.routes[0].why, 'IssuerGuard authenticates (lets no request through on a certificate: compares issuer (an object in Node, never equal to a string) with a string (mtls-issuer-string-compare))');
    // A guard that accepts no certificate has no identity to map and no logic to be inconsistent with.
    assert.deepStrictEqual(app.findings.filter((f) => f.code === 'mtls-no-identity-mapping' || f.code === 'inconsistent-credential-check').map((f) => `${f.code} ${f.line}`),
      ['inconsistent-credential-check 45', 'mtls-no-identity-mapping 45']);
    assert.deepStrictEqual(app.routes[3].weakenedBy, ['mtls-empty-cert-check']);
    // Graded at the option: an error, naming the one guard that does not check socket.authorized.
    assert.deepStrictEqual(app.findings.filter((f) => f.code === 'mtls-reject-unauthorized-false').map((f) => `${f.severity} ${f.file}:${f.line} ${f.message}`), [
      'error src/main.ts:13 The TLS options set requestCert: true with rejectUnauthorized: false, and OptionalIssuerGuard does not check socket.authorized: a self-signed or untrusted client certificate is accepted.',
    ]);
  });

  it('a certificate guard with no identity mapping', () => {
    assert.deepStrictEqual(summary(findings('sem-mtls-no-mapping', 'ClientCertGuard')), ['mtls-no-identity-mapping CWE-863 src/client-cert.guard.ts:5']);
  });

  it('a forwarded client-certificate header trusted without a proxy check does not authenticate', () => {
    const a = findings('sem-mtls-forwarded', 'ForwardedCertGuard');
    assert.deepStrictEqual(summary(a), ['mtls-untrusted-forwarded-cert CWE-290 src/forwarded-cert.guard.ts:11', 'no-authentication CWE-306 src/x.controller.ts:1']);
    assert.strictEqual(a.findings[0].message, "ForwardedCertGuard trusts the 'x-client-cert' header without checking that the request came from a trusted proxy (the way to line 15).");
    assert.strictEqual(a.routes[0].verdict, 'unprotected');
    assert.deepStrictEqual(a.routes[0].weakenedBy, ['mtls-untrusted-forwarded-cert']);
  });

  it('field-cert-serial-header: a header standing in for the certificate serial is a forwarded certificate nobody vouches for', () => {
    const app = analyzeWorkspace(path.join(FIXTURES, 'field-cert-serial-header')).apps[0];
    assert.deepStrictEqual(app.routes.map((r) => `${r.path} ${r.verdict}`), ['/operators/nodes unprotected']);
    assert.deepStrictEqual(app.routes[0].weakenedBy, ['mtls-untrusted-forwarded-cert']);
    assert.deepStrictEqual(severities(app), [
      'mtls-reject-unauthorized-false error src/main.ts:13', 'no-authentication error src/operators.controller.ts:8', 'mtls-untrusted-forwarded-cert error src/serial.guard.ts:12',
    ]);
    assert.strictEqual(app.findings[2].message, "SerialGuard takes the certificate's identity from the x-client-serial header when no certificate is presented: "
      + 'any client can send that header, and nothing checks that the request came from a trusted proxy (the way to line 17).');
    assert.match(app.routes[0].why!, /SerialGuard does not authenticate: takes the certificate's identity from the x-client-serial header, which any client can send, when no certificate is presented \(the way to line 17\) \[mtls-untrusted-forwarded-cert\]/);
  });

  it('a header fallback for a certificate field: found under any header name, with ?? and ||; socket.authorized or a proxy check first keeps it out', () => {
    const main = `const app = await NestFactory.create(AppModule, { httpsOptions: { ca, requestCert: true, rejectUnauthorized: false } });
await app.listen(443);`;
    const run = (body: string) => {
      const a = memoryFindings({ 'src/main.ts': main, 'src/g.ts': `const ALLOWED = new Set(['a1']);
export class CertGuard { canActivate(ctx) { const req = ctx.switchToHttp().getRequest(); const cert = req.socket.getPeerCertificate();
${body}
} }` }, 'CertGuard');
      return [String(a.routes[0].verdict), ...a.findings.filter((f) => f.code.startsWith('mtls-')).map((f) => `${f.code} ${f.line}`).sort()];
    };
    assert.deepStrictEqual(run("const fp = cert.fingerprint256 ?? req.header('x-operator-fp');\nreturn ALLOWED.has(fp);"),
      ['unprotected', 'mtls-reject-unauthorized-false 1', 'mtls-untrusted-forwarded-cert 3']);
    assert.deepStrictEqual(run("const { serialNumber } = cert;\nconst serial = String(serialNumber || req.headers['x-operator-serial']).toUpperCase();\nif (!ALLOWED.has(serial)) return false;\nreturn true;"),
      ['unprotected', 'mtls-reject-unauthorized-false 1', 'mtls-untrusted-forwarded-cert 4']);
    assert.deepStrictEqual(run("if (!req.socket.authorized) return false;\nconst fp = cert.fingerprint256 ?? req.header('x-operator-fp');\nreturn ALLOWED.has(fp);"),
      ['protected', 'mtls-reject-unauthorized-false 1']);
    assert.deepStrictEqual(run("const viaProxy = TRUSTED_PROXIES.includes(req.socket.remoteAddress);\nconst fp = viaProxy ? req.headers['x-ssl-client-fingerprint'] : cert.fingerprint256;\nreturn ALLOWED.has(fp);")
      .filter((x) => x.startsWith('mtls-untrusted')), []);
  });

  it('the correct setup (options in a variable, authorized check, allowlist, inheritAppConfig) gives no finding', () => {
    const a = findings('sem-mtls-ok', 'ClientCertGuard', 'global');
    assert.deepStrictEqual(summary(a), []);
    assert.strictEqual(a.routes[0].verdict, 'protected');
    assert.strictEqual(a.routes[0].why, 'ClientCertGuard (requires a client certificate the TLS layer verified (socket.authorized)) and TLS listener '
      + '(requestCert with rejectUnauthorized: a connection without a client certificate signed by its ca is refused at the handshake, src/main.ts:8) authenticate');
  });

  it('connectMicroservice without inheritAppConfig drops the global guards (connections come from the linker)', () => {
    const a = analyzeWorkspace(path.join(FIXTURES, 'sem-hybrid')).apps[0];
    assert.deepStrictEqual(summary(a), ['microservice-drops-global-guards CWE-306 src/main.ts:9']);
  });

  it('reads httpsOptions given as a shorthand property of a variable, and Fastify https options', () => {
    const run = (main: string, extra: Record<string, string> = {}) =>
      memoryFindings({ 'src/main.ts': main, ...extra }).findings.map((f) => `${f.code} ${f.severity} ${f.line}`);
    assert.deepStrictEqual(run(`const httpsOptions = { requestCert: true, rejectUnauthorized: false };
      const app = await NestFactory.create(AppModule, { httpsOptions });
      await app.listen(443);`), ['mtls-reject-unauthorized-false warning 1']);
    assert.deepStrictEqual(run(`const opts = { httpsOptions: { requestCert: true, rejectUnauthorized: process.env.STRICT === '1' } };
      const app = await NestFactory.create(AppModule, opts);
      await app.listen(443);`), ['mtls-reject-unauthorized-false warning 1']);
    assert.deepStrictEqual(run(`const app = await NestFactory.create<NestFastifyApplication>(AppModule,
      new FastifyAdapter({ https: { requestCert: true, rejectUnauthorized: false } }));
      await app.listen(443);`), ['mtls-reject-unauthorized-false warning 2']);
    assert.deepStrictEqual(run(`import { tlsOptions } from './tls';
      const app = await NestFactory.create(AppModule, { httpsOptions: tlsOptions() });
      await app.listen(443);`, {
      'src/tls.ts': `export function tlsOptions() {\n  return { ca: read(), requestCert: true,\n rejectUnauthorized: false };\n}`,
    }), ['mtls-reject-unauthorized-false warning 3']);
    assert.deepStrictEqual(run(`const httpsOptions = { requestCert: true };
      const app = await NestFactory.create(AppModule, { httpsOptions });
      await app.listen(443);`), []);
  });

  it('rejectUnauthorized: false is an error when a certificate guard does not check socket.authorized, a warning when all do', () => {
    const main = `const app = await NestFactory.create(AppModule, { httpsOptions: { ca, requestCert: true, rejectUnauthorized: false } });
await app.listen(443);`;
    const checks = memoryFindings({ 'src/main.ts': main, 'src/g.ts': `export class CertGuard { canActivate(ctx) { const s = ctx.switchToHttp().getRequest().socket; if (!s.authorized) return false;
        return this.clients.has(s.getPeerCertificate().fingerprint256); } }` }, 'CertGuard');
    assert.deepStrictEqual(severities(checks), ['mtls-reject-unauthorized-false warning src/main.ts:1']);
    assert.strictEqual(checks.findings[0].message, 'The TLS options set requestCert: true with rejectUnauthorized: false: unverified client certificates complete the handshake (every certificate guard or interceptor checks socket.authorized, so this is defence in depth).');
    const lax = memoryFindings({ 'src/main.ts': main, 'src/g.ts': `export class CertGuard { canActivate(ctx) { const s = ctx.switchToHttp().getRequest().socket;
        return this.clients.has(s.getPeerCertificate().fingerprint256); } }` }, 'CertGuard');
    assert.deepStrictEqual(severities(lax), ['mtls-reject-unauthorized-false error src/main.ts:1', 'no-authentication error src/x.controller.ts:1']);
    assert.strictEqual(lax.findings[0].message, 'The TLS options set requestCert: true with rejectUnauthorized: false, and CertGuard does not check socket.authorized: a self-signed or untrusted client certificate is accepted.');
    assert.deepStrictEqual(lax.findings[0].routes, [lax.routes[0].id]);
    const configured = TestHost.memory({ 'src/main.ts': main, 'src/g.ts': 'export class CertGuard { canActivate(ctx) { return !!ctx.switchToHttp().getRequest().socket.getPeerCertificate(); } }' },
      { modules: [], config: { rules: { 'mtls-reject-unauthorized-false': 'info' } } });
    const c: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] },
      routes: [route('C', 'h', 'GET', '/c', { guards: [guard(configured, 'CertGuard', 'controller')] })] };
    applySemantics(c, configured);
    assert.deepStrictEqual(c.findings.filter((f) => f.code === 'mtls-reject-unauthorized-false').map((f) => f.severity), ['info']);
  });
});

describe('mtls-options-not-applied: TLS options that never reach the listening server', () => {
  it('mtls-options-unapplied (probed): an https.createServer never started; the app listens over HTTP and its certificate guard refuses everyone', () => {
    const app = analyzeWorkspace(path.join(FIXTURES, 'mtls-options-unapplied')).apps[0];
    assert.deepStrictEqual(app.findings.filter((f) => f.code.startsWith('mtls-')).map((f) => `${f.code} ${f.severity} ${f.file}:${f.line} ${f.message}`), [
      'mtls-options-not-applied error src/main.ts:10 These TLS options never reach the server the app listens on: these TLS options are given to https.createServer(), '
      + 'whose server is never started (listen() is not called on it).',
    ]);
    assert.deepStrictEqual(app.routes.map((r) => `${r.path} ${r.verdict}`), ['/accounts protected', '/status unprotected']);
    assert.strictEqual(app.routes[0].why, 'ClientCertGuard authenticates (requires a client certificate the TLS layer verified (socket.authorized); '
      + 'but the app listens over plain HTTP: no client certificate ever arrives, so no request passes)');
  });

  const run = (main: string) => memoryFindings({ 'src/main.ts': main }).findings
    .filter((f) => f.code === 'mtls-options-not-applied').map((f) => `${f.line}:${f.column} ${f.message}`);

  it('an https.createServer that is never started while the app listens over HTTP', () => {
    assert.deepStrictEqual(run(`import * as https from 'https';
const app = await NestFactory.create(AppModule);
const server = https.createServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true }, app.getHttpAdapter().getInstance());
server.on('error', console.error);
await app.listen(3000);`), ['3:35 These TLS options never reach the server the app listens on: these TLS options are given to https.createServer(), whose server is never started (listen() is not called on it).']);
  });

  it('a started https.createServer is the listener; so is its reading of the options', () => {
    assert.deepStrictEqual(run(`import * as https from 'https';
const server = express();
const app = await NestFactory.create(AppModule, new ExpressAdapter(server));
await app.init();
https.createServer({ key, cert, ca, requestCert: true, rejectUnauthorized: true }, server).listen(443);`), []);
  });

  it('an app that never calls listen()', () => {
    assert.deepStrictEqual(run(`const app = await NestFactory.create(AppModule, { httpsOptions: { key, cert, ca, requestCert: true } });
await app.init();
export const handler = serverless(app.getHttpAdapter().getInstance());`),
    ['1:65 These TLS options never reach the server the app listens on: the app never calls listen(), so these httpsOptions never serve a request.']);
  });

  it('options written but not passed to NestFactory.create', () => {
    assert.deepStrictEqual(run(`const httpsOptions = { key, cert, ca, requestCert: true, rejectUnauthorized: true };
async function bootstrap() {
  const app = await NestFactory.create(AppModule, { cors: true });
  await app.listen(3000);
}`), ['1:22 These TLS options never reach the server the app listens on: these TLS options are never passed to the server the app listens on (NestFactory.create at line 3 has no httpsOptions).']);
  });

  it('an app handed to a helper that may listen, and client options of an agent, are left alone', () => {
    assert.deepStrictEqual(run(`const app = await NestFactory.create(AppModule, { httpsOptions: { ca, requestCert: true } });
await start(app);`), []);
    assert.deepStrictEqual(run(`const agent = new https.Agent({ ca, requestCert: true });
const app = await NestFactory.create(AppModule);
await app.listen(3000);`), []);
  });
});
