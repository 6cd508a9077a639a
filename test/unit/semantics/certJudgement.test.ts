/**
 * Certificate guards judged by their ways through (`certJudgement.ts`), over in-memory guards: which
 * checks make a guard authenticate, which let a request without a verified certificate through, and
 * which finding the route's `why` names. Node's real values are the model: `getPeerCertificate()` is
 * `{}` without a certificate, `subject`/`issuer` are objects, `socket.authorized` is the TLS verdict.
 */
import * as assert from 'assert';
import { applySemantics } from '../../../src/core/semantics';
import type { AppIndex } from '../../../src/core/model';
import { renderAllowlistService, renderMtlsAuthGuard } from '../../../src/core/fixes/templates/mtlsAuthGuard';
import { TestHost, guard, route } from './testHost';

const REJECTING = `const app = await NestFactory.create(AppModule, { httpsOptions: { key, cert, ca, requestCert: true, rejectUnauthorized: true } });
await app.listen(443);`;
const ACCEPTING = `const app = await NestFactory.create(AppModule, { httpsOptions: { key, cert, ca, requestCert: true, rejectUnauthorized: false } });
await app.listen(443);`;
const PLAIN = `const app = await NestFactory.create(AppModule);
await app.listen(3000);`;

function run(guardBody: string, main = ACCEPTING, extra: Record<string, string> = {}): AppIndex {
  const host = TestHost.memory({ 'src/main.ts': main, 'src/cert.guard.ts': guardBody, ...extra }, { modules: [] });
  const a: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] },
    routes: [route('C', 'h', 'GET', '/c', { guards: [guard(host, 'CertGuard', 'controller')] })] };
  applySemantics(a, host);
  return a;
}

const guardOf = (body: string, imports = ''): string => `${imports}
export class CertGuard {
  canActivate(context) {
${body}
  }
}`;

const verdict = (a: AppIndex): string => `${a.routes[0].verdict}: ${a.routes[0].why}`;
const codes = (a: AppIndex): string[] => a.findings.map((f) => `${f.code} ${f.severity} ${f.file}:${f.line}`);

describe('certificate guards: every way through needs a verified certificate', () => {
  it('the seed: `!cert` and an issuer test skipped without an issuer let an anonymous client through', () => {
    const a = run(guardOf(`    const request = context.switchToHttp().getRequest();
    const cert = request.socket.getPeerCertificate();
    if (!cert) return false;
    if (cert.issuer && cert.issuer.CN !== 'Corp CA') return false;
    return true;`));
    assert.strictEqual(verdict(a), "unprotected: no guard authenticates: CertGuard does not authenticate: lets a request without a client certificate through: on the way to line 8 only `cert` and `!(cert.issuer && cert.issuer.CN !== 'Corp CA')` must hold, which the empty object getPeerCertificate() returns without a certificate passes [mtls-empty-cert-check]");
    assert.deepStrictEqual(a.routes[0].weakenedBy, ['mtls-empty-cert-check']);
    assert.deepStrictEqual(codes(a), [
      'mtls-no-identity-mapping warning src/cert.guard.ts:2',
      'mtls-empty-cert-check error src/cert.guard.ts:6',
      'mtls-reject-unauthorized-false error src/main.ts:1',
      'no-authentication error src/x.controller.ts:1',
    ]);
    const empty = a.findings.find((f) => f.code === 'mtls-empty-cert-check')!;
    assert.deepStrictEqual([empty.line, empty.column, empty.endColumn], [6, 9, 14]);
    assert.strictEqual(empty.message, 'CertGuard lets a request without a client certificate through to line 8: `!cert` never fails (getPeerCertificate() returns {} without a certificate), and socket.authorized is not checked.');
  });

  it('socket.authorized read through optional chaining, locals, destructuring, Express and Fastify sockets', () => {
    const shapes = [
      `    const req = context.switchToHttp().getRequest();
    if (!req?.socket?.authorized) return false;
    return this.allow.has(req.socket.getPeerCertificate().fingerprint256);`,
      `    const { socket } = context.switchToHttp().getRequest();
    const ok = socket.authorized;
    if (!ok) throw new UnauthorizedException();
    return true;`,
      `    const req = context.switchToHttp().getRequest();
    if (req.raw.socket.authorized !== true) throw new UnauthorizedException();
    return true;`,
      `    const req = context.switchToHttp().getRequest();
    return req.connection.authorized === true && Object.keys(req.connection.getPeerCertificate()).length > 0;`,
      `    const socket = context.switchToHttp().getRequest().socket as TLSSocket;
    return socket.authorized ? true : false;`,
    ];
    for (const body of shapes) {
      const a = run(guardOf(body));
      assert.strictEqual(a.routes[0].verdict, 'protected', `${body}\n${a.routes[0].why}`);
      assert.match(a.routes[0].why!, /^CertGuard authenticates \(requires a client certificate the TLS layer verified \(socket\.authorized\)\)$/);
    }
  });

  it('follows helpers: a method, a function of the file, a helper that throws, a socket picked from a list', () => {
    const a = run(`function tlsSocketOf(req) {
  for (const s of [req.raw?.socket, req.socket]) if (s && typeof s.getPeerCertificate === 'function') return s;
  return undefined;
}
export class CertGuard {
  canActivate(context) {
    const req = context.switchToHttp().getRequest();
    const verified = this.verified(req);
    if (typeof verified === 'string') return this.deny(verified);
    return true;
  }
  private verified(req) {
    const socket = tlsSocketOf(req);
    if (!socket || socket.authorized !== true) return 'no verified certificate';
    return { cn: socket.getPeerCertificate().subject?.CN };
  }
  private deny(reason) { throw new UnauthorizedException(reason); }
}`);
    assert.strictEqual(verdict(a), 'protected: CertGuard authenticates (requires a client certificate the TLS layer verified (socket.authorized))');
  });

  it('checks that are not a verified certificate: `authorized !== false`, `||`, a pinned value that may be unset, a caught error', () => {
    const weak = [
      ['    const s = context.switchToHttp().getRequest().socket;\n    if (s.authorized === false) throw new UnauthorizedException();\n    return true;', 'mtls-empty-cert-check'],
      ['    const s = context.switchToHttp().getRequest().socket;\n    return s.authorized || !!s.getPeerCertificate();', 'mtls-empty-cert-check'],
      ['    const cert = context.switchToHttp().getRequest().socket.getPeerCertificate();\n    return cert.fingerprint256 === process.env.PINNED;', 'mtls-empty-cert-check'],
      ['    const s = context.switchToHttp().getRequest().socket;\n    try { if (!s.authorized) throw new Error(); } catch { return true; }\n    return true;', 'mtls-empty-cert-check'],
    ];
    for (const [body, code] of weak) {
      const a = run(guardOf(body));
      assert.strictEqual(a.routes[0].verdict, 'unprotected', `${body}\n${a.routes[0].why}`);
      // The why names the finding (or, for the caught error, the credential-free way the guard rules find first).
      assert.match(a.routes[0].why!, code === 'mtls-empty-cert-check' && body.includes('catch') ? /an error is caught/ : /\[mtls-empty-cert-check\]$/, body);
      assert.ok(a.findings.some((f) => f.code === code && f.severity === 'error'), `${body}: ${codes(a).join(', ')}`);
    }
  });

  it('a presented certificate without socket.authorized: enough only where the server rejects unverified ones', () => {
    const body = guardOf(`    const cert = context.switchToHttp().getRequest().socket.getPeerCertificate();
    if (Object.keys(cert).length === 0) throw new UnauthorizedException();
    if (!ALLOWED.includes(cert.subject?.CN)) throw new ForbiddenException();
    return true;`, "const ALLOWED = ['client-a'];");
    const accepting = run(body, ACCEPTING);
    assert.strictEqual(verdict(accepting), 'unprotected: no guard authenticates: CertGuard does not authenticate: accepts any certificate the client presents, verified or not: nothing on the way to line 7 checks socket.authorized, and the server accepts unverified client certificates (rejectUnauthorized: false) (src/main.ts:1) [mtls-reject-unauthorized-false]');
    assert.deepStrictEqual(codes(accepting).filter((c) => c.startsWith('mtls')), ['mtls-reject-unauthorized-false error src/main.ts:1']);
    const rejecting = run(body, REJECTING);
    assert.strictEqual(rejecting.routes[0].verdict, 'protected');
    assert.match(rejecting.routes[0].why!, /CertGuard \(requires a presented client certificate, and the server refuses connections without a client certificate from its CA \(src\/main\.ts:1\)\) and TLS listener/);
    const unread = run(body, 'const app = await NestFactory.create(AppModule, { httpsOptions: { ca, requestCert: true, rejectUnauthorized: config.strict } });\nawait app.listen(443);');
    assert.strictEqual(unread.routes[0].verdict, 'unknown');
    assert.deepStrictEqual(unread.routes[0].weakenedBy, ['mtls-reject-unauthorized-false']);
    assert.deepStrictEqual(codes(unread).filter((c) => c.startsWith('mtls')), ['mtls-reject-unauthorized-false error src/main.ts:1']);
  });

  it('a certificate guard on a server that never asks for certificates refuses everyone (no way passes)', () => {
    const a = run(guardOf(`    const s = context.switchToHttp().getRequest().socket;
    if (!s.authorized) throw new UnauthorizedException();
    return true;`), PLAIN);
    assert.strictEqual(verdict(a), 'protected: CertGuard authenticates (requires a client certificate the TLS layer verified (socket.authorized); but the app listens over plain HTTP: no client certificate ever arrives, so no request passes)');
  });

  it('a forwarded certificate header: authenticates only behind a check of the proxy address', () => {
    const trusting = run(guardOf(`    const req = context.switchToHttp().getRequest();
    const pem = req.headers['x-client-cert'];
    if (!pem) throw new UnauthorizedException();
    return true;`), PLAIN);
    assert.strictEqual(trusting.routes[0].verdict, 'unprotected');
    assert.deepStrictEqual(trusting.routes[0].weakenedBy, ['mtls-untrusted-forwarded-cert']);
    assert.deepStrictEqual(codes(trusting).filter((c) => c.startsWith('mtls')), ['mtls-untrusted-forwarded-cert error src/cert.guard.ts:5']);
    const checked = run(guardOf(`    const req = context.switchToHttp().getRequest();
    if (!TRUSTED_PROXIES.includes(req.socket.remoteAddress)) throw new UnauthorizedException();
    if (req.headers['x-client-verify'] !== 'SUCCESS') throw new UnauthorizedException();
    return true;`), PLAIN);
    assert.strictEqual(verdict(checked), 'protected: CertGuard authenticates (requires a client certificate forwarded by a trusted proxy)');
  });

  it('a way through on a marker or another credential is judged elsewhere, not as a certificate way', () => {
    const a = run(`export class CertGuard {
  constructor(private reflector) {}
  canActivate(context) {
    if (this.reflector.getAllAndOverride('isPublic', [context.getHandler(), context.getClass()])) return true;
    const s = context.switchToHttp().getRequest().socket;
    if (s.authorized !== true) throw new UnauthorizedException();
    return true;
  }
}`);
    assert.strictEqual(a.routes[0].verdict, 'protected');
  });

  it('the generated MtlsAuthGuard authenticates: socket.authorized, or a verified header from a trusted proxy', () => {
    const guardText = renderMtlsAuthGuard({ allowlistImport: './client-cert-allowlist.service' }).replace('class MtlsAuthGuard', 'class CertGuard');
    const a = run(guardText, REJECTING, { 'src/client-cert-allowlist.service.ts': renderAllowlistService() });
    assert.match(a.routes[0].why!, /^CertGuard \(requires a client certificate the TLS layer verified \(socket\.authorized\) or a client certificate forwarded by a trusted proxy\) and TLS listener/);
    assert.deepStrictEqual(a.findings.filter((f) => f.code.startsWith('mtls')), []);
  });
});
