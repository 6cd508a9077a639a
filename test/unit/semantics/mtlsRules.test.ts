/** mTLS and hybrid-app rules over the fixtures: each mistake gives exactly its finding; the correct setup gives none. */
import * as assert from 'assert';
import { applySemantics } from '../../../src/core/semantics';
import type { AppIndex } from '../../../src/core/model';
import { TestHost, guard, route } from './testHost';

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

describe('mTLS and hybrid-app rules', () => {
  it('requestCert with rejectUnauthorized: false and no authorized check', () => {
    const a = findings('sem-mtls-reject', 'JwtGuard');
    assert.deepStrictEqual(summary(a), ['mtls-reject-unauthorized-false CWE-295 src/main.ts:12']);
    assert.strictEqual(a.findings[0].message,
      'httpsOptions sets requestCert: true with rejectUnauthorized: false, and no guard checks socket.authorized: unverified client certificates are accepted.');
    assert.strictEqual(a.routes[0].verdict, 'protected');
  });

  it('a guard testing !cert instead of socket.authorized', () => {
    const a = findings('sem-mtls-empty-cert', 'ClientCertGuard');
    assert.deepStrictEqual(summary(a), ['mtls-empty-cert-check CWE-287 src/client-cert.guard.ts:12', 'unknown-verdict null src/x.controller.ts:1']);
    assert.deepStrictEqual(a.findings[0].routes, [a.routes[0].id]);
    // The finding weakens the guard: never `protected` while the same run reports it (issue 8, item 1).
    assert.strictEqual(a.routes[0].verdict, 'unknown');
    assert.deepStrictEqual(a.routes[0].weakenedBy, ['mtls-empty-cert-check']);
    assert.strictEqual(a.routes[0].why, 'cannot tell whether ClientCertGuard authenticates (ClientCertGuard reads getPeerCertificate() without checking '
      + 'socket.authorized, and an absent certificate is {} (truthy) [mtls-empty-cert-check])');
  });

  it('subject/issuer compared as strings and a field Node does not set', () => {
    const a = findings('sem-mtls-string-compare', 'ClientCertGuard');
    assert.deepStrictEqual(summary(a), [
      'mtls-issuer-string-compare CWE-295 src/client-cert.guard.ts:14',
      'mtls-issuer-string-compare CWE-295 src/client-cert.guard.ts:15',
    ]);
    assert.deepStrictEqual(a.findings.map((f) => f.message), [
      'ClientCertGuard compares cert.issuer (an object) with a string.',
      'ClientCertGuard reads cert.issuerName, a field Node does not set on a peer certificate.',
    ]);
  });

  it('a certificate guard with no identity mapping', () => {
    assert.deepStrictEqual(summary(findings('sem-mtls-no-mapping', 'ClientCertGuard')), ['mtls-no-identity-mapping CWE-863 src/client-cert.guard.ts:5']);
  });

  it('a forwarded client-certificate header trusted without a proxy check', () => {
    const a = findings('sem-mtls-forwarded', 'ForwardedCertGuard');
    assert.deepStrictEqual(summary(a), ['mtls-untrusted-forwarded-cert CWE-290 src/forwarded-cert.guard.ts:11']);
    assert.strictEqual(a.routes[0].verdict, 'protected');
  });

  it('the correct setup (options in a variable, authorized check, allowlist, inheritAppConfig) gives no finding', () => {
    const a = findings('sem-mtls-ok', 'ClientCertGuard', 'global');
    assert.deepStrictEqual(summary(a), []);
    assert.strictEqual(a.routes[0].verdict, 'protected');
    assert.strictEqual(a.routes[0].why, 'ClientCertGuard authenticates (checks the TLS client certificate)');
  });

  it('connectMicroservice without inheritAppConfig drops the global guards', () => {
    const a = findings('sem-hybrid', 'JwtGuard', 'global');
    assert.deepStrictEqual(summary(a), ['microservice-drops-global-guards CWE-306 src/main.ts:9']);
  });

  it('reads httpsOptions given as a shorthand property of a variable, and Fastify https options', () => {
    const run = (main: string, extra: Record<string, string> = {}) => {
      const host = TestHost.memory({ 'src/main.ts': main, ...extra }, { modules: [] });
      const a: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] }, routes: [] };
      applySemantics(a, host);
      return a.findings.map((f) => `${f.code} ${f.line}`);
    };
    assert.deepStrictEqual(run(`const httpsOptions = { requestCert: true, rejectUnauthorized: false };
      const app = await NestFactory.create(AppModule, { httpsOptions });`), ['mtls-reject-unauthorized-false 1']);
    assert.deepStrictEqual(run(`const opts = { httpsOptions: { requestCert: true, rejectUnauthorized: process.env.STRICT === '1' } };
      const app = await NestFactory.create(AppModule, opts);`), ['mtls-reject-unauthorized-false 1']);
    assert.deepStrictEqual(run(`const app = await NestFactory.create<NestFastifyApplication>(AppModule,
      new FastifyAdapter({ https: { requestCert: true, rejectUnauthorized: false } }));`), ['mtls-reject-unauthorized-false 2']);
    assert.deepStrictEqual(run(`import { tlsOptions } from './tls';
      const app = await NestFactory.create(AppModule, { httpsOptions: tlsOptions() });`, {
      'src/tls.ts': `export function tlsOptions() {\n  return { ca: read(), requestCert: true,\n rejectUnauthorized: false };\n}`,
    }), ['mtls-reject-unauthorized-false 3']);
    assert.deepStrictEqual(run(`const httpsOptions = { requestCert: true };
      const app = await NestFactory.create(AppModule, { httpsOptions });`), []);
  });

  it('the mTLS rejectUnauthorized rule stays quiet when a guard checks socket.authorized', () => {
    const host = TestHost.memory({
      'src/main.ts': `const app = await NestFactory.create(AppModule, { httpsOptions: { requestCert: true, rejectUnauthorized: false } });`,
      'src/g.ts': `export class CertGuard { canActivate(ctx) { const s = ctx.switchToHttp().getRequest().socket; if (!s.authorized) return false;
        return this.clients.has(s.getPeerCertificate().fingerprint256); } }`,
    }, { modules: [] });
    const a: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] },
      routes: [route('C', 'h', 'GET', '/c', { guards: [guard(host, 'CertGuard', 'controller')] })] };
    applySemantics(a, host);
    assert.deepStrictEqual(summary(a), []);
  });
});
