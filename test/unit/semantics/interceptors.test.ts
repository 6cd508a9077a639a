/**
 * Interceptors count as what they do (issue 8, item 10): collected like guards (APP_INTERCEPTOR,
 * useGlobalInterceptors, class, handler; checked against NestJS in expected-routes.json), judged by
 * their `intercept` body, shown after the guards, and compared with the other checks of the same
 * credential (`inconsistent-credential-check`).
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';
import { chainText } from '../../../src/core/report/chainText';
import { applySemantics } from '../../../src/core/semantics';
import { FIXTURES, TestHost, route } from './testHost';

const cache = new Map<string, AppIndex>();
function analyze(fixture: string): AppIndex {
  let app = cache.get(fixture);
  if (!app) cache.set(fixture, (app = analyzeWorkspace(path.join(FIXTURES, fixture)).apps[0]));
  return app;
}

const line = (a: AppIndex, key: string): string => {
  const r = a.routes.find((x) => `${x.httpMethod} ${x.path}` === key)!;
  return `${r.verdict}: ${r.why}`;
};

/** One route with the given interceptor (a class of `src/i.ts`), under an HTTPS server that accepts any client. */
function judged(interceptor: string, extra: Record<string, string> = {}): AppIndex {
  const host = TestHost.memory({
    'src/main.ts': 'const app = await NestFactory.create(AppModule, { httpsOptions: { ca, requestCert: true, rejectUnauthorized: false } });\nawait app.listen(443);',
    'src/i.ts': interceptor,
    ...extra,
  }, { modules: [] });
  const ref = {
    name: 'I', level: 'handler' as const, source: '@UseInterceptors', attachment: 'UseInterceptors' as const, via: [],
    attachedAt: { file: 'src/x.controller.ts', line: 1 }, className: 'I', form: 'class' as const, declaredAt: host.classAt('I'),
  };
  const a: AppIndex = { name: 'm', root: '/app', entryFile: 'src/main.ts', rootModule: null, findings: [], diagnostics: [], kind: 'server',
    env: { origin: 'none', files: [], variables: [] }, routes: [route('C', 'h', 'GET', '/c', { interceptors: [ref] })] };
  applySemantics(a, host);
  return a;
}

describe('interceptors', () => {
  it('mtls-interceptors: a certificate checked in an interceptor protects its routes, which says it runs after every guard', () => {
    const a = analyze('mtls-interceptors');
    assert.strictEqual(line(a, 'GET /reports'),
      'protected: interceptor ClientCertInterceptor authenticates (runs after every guard; requires a client certificate the TLS layer verified (socket.authorized))');
    assert.strictEqual(line(a, 'GET /accounts'), 'protected: ClientCertGuard authenticates (requires a client certificate the TLS layer verified (socket.authorized))');
    assert.strictEqual(line(a, 'GET /health'), 'unprotected: no guard in the chain and no authentication middleware');
    const upload = a.routes.find((r) => r.path === '/reports/upload')!;
    assert.deepStrictEqual(upload.interceptors.map((i) => [i.name, i.level, i.attachment]), [
      ['AuditInterceptor', 'global', 'APP_INTERCEPTOR'],
      ['TimingInterceptor', 'global', 'useGlobalInterceptors'],
      ['RequestIdInterceptor', 'global', 'APP_INTERCEPTOR'],
      ['ClientCertInterceptor', 'controller', 'UseInterceptors'],
      ["FileInterceptor('file')", 'handler', 'UseInterceptors'],
    ]);
    // Interceptors that refuse nothing are in the chain but are no protection source.
    assert.deepStrictEqual(upload.protection!.filter((s) => s.origin === 'interceptor').map((s) => s.name), ['ClientCertInterceptor']);
    assert.strictEqual(chainText(upload), 'interceptor ClientCertInterceptor');
    assert.strictEqual(chainText(a.routes.find((r) => r.path === '/accounts')!), 'ClientCertGuard');
  });

  it('mtls-interceptors: the certificate checked by an interceptor on some routes and a guard reading other fields on others', () => {
    const a = analyze('mtls-interceptors');
    const f = a.findings.filter((x) => x.code === 'inconsistent-credential-check');
    assert.deepStrictEqual(f.map((x) => `${x.severity} ${x.cwe} ${x.file}:${x.line}`), ['warning CWE-287 src/client-cert.guard.ts:9']);
    assert.strictEqual(f[0].message, 'The client certificate is checked by different logic on different routes: ClientCertGuard (guard; socket.authorized; reads issuer.CN, subject.CN, subject.O) '
      + 'on GET /accounts; ClientCertInterceptor (interceptor; socket.authorized; reads subject.CN) on GET /reports, POST /reports/upload. A client one accepts may be refused by the other, or let in where it should not be.');
    assert.strictEqual(f[0].routes.length, 3);
    const reject = a.findings.find((x) => x.code === 'mtls-reject-unauthorized-false')!;
    assert.strictEqual(reject.severity, 'warning');
  });

  it('mtls-interceptor-apikey: an API key compared with a setting in an interceptor; a global interceptor that lets keyless requests through is no check', () => {
    const a = analyze('mtls-interceptor-apikey');
    assert.strictEqual(line(a, 'GET /exports'),
      'protected: interceptor ApiKeyInterceptor authenticates (runs after every guard; compares the x-api-key header with process.env.EXPORT_API_KEY, and refuses before next.handle())');
    assert.strictEqual(line(a, 'GET /status'), 'unprotected: no guard in the chain and no authentication middleware; '
      + 'interceptor KeyedInterceptor runs after every guard; calls next.handle() without a credential check on the way to line 10');
    assert.deepStrictEqual(a.findings.filter((x) => x.code === 'inconsistent-credential-check').map((x) => `${x.file}:${x.line} ${x.message}`), [
      'src/api-key.interceptor.ts:8 The x-api-key header is checked by different logic on different routes: ApiKeyInterceptor (interceptor ApiKeyInterceptor) on GET /exports; '
      + 'ApiKeyGuard (guard ApiKeyGuard) on GET /partners. A client one accepts may be refused by the other, or let in where it should not be.',
    ]);
  });

  it('what an intercept body does: refusals after next.handle(), throwError, a throwing helper, a bypass, a `!cert` check', () => {
    const cls = (body: string, more = ''): string => `export class I {\n  intercept(context, next) {\n${body}\n  }\n${more}}`;
    const why = (a: AppIndex): string => `${a.routes[0].verdict}: ${a.routes[0].why}`;
    assert.strictEqual(why(judged(cls('    return next.handle().pipe(catchError((e) => { throw new UnauthorizedException(); }));'))),
      'unprotected: no guard in the chain and no authentication middleware');
    assert.strictEqual(why(judged(cls(`    const s = context.switchToHttp().getRequest().socket;
    if (!s.authorized) return throwError(() => new UnauthorizedException());
    return next.handle();`))), 'protected: interceptor I authenticates (runs after every guard; requires a client certificate the TLS layer verified (socket.authorized))');
    assert.strictEqual(why(judged(cls(`    this.requireCertificate(context.switchToHttp().getRequest());
    return next.handle();`, `  private requireCertificate(req) { if (req.socket.authorized !== true) throw new UnauthorizedException(); }\n`))),
    'protected: interceptor I authenticates (runs after every guard; requires a client certificate the TLS layer verified (socket.authorized))');
    const weak = judged(cls(`    const cert = context.switchToHttp().getRequest().socket.getPeerCertificate();
    if (!cert) throw new UnauthorizedException();
    return next.handle();`));
    assert.strictEqual(weak.routes[0].verdict, 'unprotected');
    assert.deepStrictEqual(weak.routes[0].weakenedBy, ['mtls-empty-cert-check']);
    assert.deepStrictEqual(weak.findings.filter((f) => f.code.startsWith('mtls-empty')).map((f) => `${f.severity} ${f.line}`), ['error 4']);
    assert.strictEqual(why(judged(cls(`    const req = context.switchToHttp().getRequest();
    if (req.headers['x-internal'] === '1') return next.handle();
    if (req.headers['x-api-key'] !== process.env.API_KEY) throw new UnauthorizedException();
    return next.handle();`))), 'unprotected: no guard in the chain and no authentication middleware; interceptor I runs after every guard; calls next.handle() without a credential check on the way to line 4');
  });
});
