/**
 * The middleware fixtures through the real linker: exact verdicts, the `why` of every route the
 * middleware does not protect, and what each middleware on a route does. The same verdicts are
 * checked against the running apps by the probe (`probe.json` of each fixture).
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../../src/core/analyzer';
import type { AppIndex } from '../../../../src/core/model';
import { FIXTURES } from '../testHost';

const cache = new Map<string, AppIndex>();
function analyze(fixture: string): AppIndex {
  let app = cache.get(fixture);
  if (!app) {
    const result = analyzeWorkspace(path.join(FIXTURES, fixture));
    assert.strictEqual(result.apps.length, 1);
    app = result.apps[0];
    cache.set(fixture, app);
  }
  return app;
}

const NO_GUARD = 'no guard in the chain and no authentication middleware';
const verdicts = (app: AppIndex): string[] => app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.verdict}`);
const why = (app: AppIndex, key: string): string | undefined => app.routes.find((r) => `${r.httpMethod} ${r.path}` === key)?.why;
const refs = (app: AppIndex): string[] => app.routes.map((r) => (r.middleware ?? []).map((m) => `${m.name} ${m.effect} ${m.coverage}${m.authentication ? ' auth' : ''}`).join(', '));

describe('middleware fixtures: where it runs', () => {
  it('mw-string (Express): a string covers every sub-path, `reports/*` only the paths below', () => {
    const app = analyze('mw-string');
    assert.deepStrictEqual(verdicts(app), [
      'GET /api/billing protected', 'GET /api/billing/invoices protected', 'POST /api/billing/invoices protected',
      'GET /api/billing/status unprotected', 'GET /api/billing/:id protected', 'GET /api/reports unprotected',
      'GET /api/reports/daily protected', 'GET /api/other unprotected', 'GET /api/other/billing unprotected',
    ]);
    assert.strictEqual(why(app, 'GET /api/billing'), 'middleware ApiKeyMiddleware authenticates (rejects the request when !key || key !== process.env[\'API_KEY\']; applied in AppModule.configure)');
    assert.strictEqual(why(app, 'GET /api/billing/status'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "exclude({ path: 'billing/status', method: RequestMethod.GET }) skips it");
    assert.strictEqual(why(app, 'GET /api/reports'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "forRoutes('reports/*') mounts it on the paths below /api/reports, not on /api/reports itself");
    assert.strictEqual(why(app, 'GET /api/other/billing'), NO_GUARD);
  });

  it('mw-string-fastify: the same app on Fastify, where a string is an exact path', () => {
    const app = analyze('mw-string-fastify');
    assert.deepStrictEqual(verdicts(app).filter((v) => v.endsWith('protected') && !v.endsWith('unprotected')),
      ['GET /api/billing protected', 'GET /api/reports/daily protected']);
    assert.strictEqual(why(app, 'GET /api/billing/invoices'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "forRoutes('billing') mounts it on /api/billing only (a string matches exactly on Fastify), not on the paths below it");
  });

  it('mw-object: { path, method } is exact, for its method only (RequestMethod.ALL: every method, no sub-path)', () => {
    const app = analyze('mw-object');
    assert.deepStrictEqual(verdicts(app), [
      'GET /billing protected', 'DELETE /billing protected', 'GET /billing/invoices unprotected', 'GET /reports/:id protected',
      'DELETE /reports/:id unprotected', 'GET /reports/:id/pdf unprotected', 'GET /reports/latest protected',
    ]);
    assert.strictEqual(why(app, 'GET /billing/invoices'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "forRoutes({ path: 'billing', method: RequestMethod.ALL }) mounts it on /billing only (a { path, method } entry is an exact path), not on the paths below it");
    assert.strictEqual(why(app, 'DELETE /reports/:id'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "forRoutes({ path: 'reports/:id', method: RequestMethod.GET }) mounts it for GET only");
  });

  it('mw-fastify-forms: on Fastify, { path, method } is exact for its method, a pattern covers a static route it matches, a controller is its routes', () => {
    const app = analyze('mw-fastify-forms');
    assert.deepStrictEqual(verdicts(app), [
      'GET /api/billing protected', 'DELETE /api/billing protected', 'GET /api/billing/invoices unprotected', 'GET /api/reports/:id protected',
      'DELETE /api/reports/:id unprotected', 'GET /api/reports/:id/pdf unprotected', 'GET /api/reports/health protected', 'GET /api/admin protected',
      'GET /api/admin/users protected', 'POST /api/admin/users unprotected', 'GET /api/admin/users/:id protected',
    ]);
    assert.strictEqual(why(app, 'POST /api/admin/users'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "exclude({ path: 'admin/users', method: RequestMethod.POST }) skips it");
  });

  it('mw-exclude-forms: exclude() takes a controller and a spread; a route an excluded earlier route shadows is open too', () => {
    const app = analyze('mw-exclude-forms');
    assert.deepStrictEqual(verdicts(app), [
      'GET /billing protected', 'DELETE /billing protected', 'GET /billing/invoices unprotected', 'GET /reports/:id unprotected',
      'DELETE /reports/:id unprotected', 'GET /reports/:id/pdf unprotected', 'GET /reports/latest unprotected',
    ]);
    assert.strictEqual(why(app, 'GET /reports/latest'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: exclude(ReportsController) skips it`);
  });

  it('mw-app-use: app.use() before listen mounts on the path as written and below it; after listen it protects nothing', () => {
    const app = analyze('mw-app-use');
    assert.deepStrictEqual(verdicts(app), [
      'GET /api/admin protected', 'GET /api/admin/users protected', 'GET /api/administrators unprotected', 'GET /api/ops protected',
      'GET /api/metrics protected', 'GET /api/public unprotected',
    ]);
    assert.strictEqual(why(app, 'GET /api/admin/users'), 'middleware adminKey authenticates (rejects the request when '
      + "!key || key !== process.env['ADMIN_KEY']; applied in app.use (src/main.ts:12))");
    assert.deepStrictEqual(refs(app)[5], 'helmet() passes full');
  });

  it('mw-param: { path: \':id\', method: ALL } is one segment, exactly', () => {
    assert.deepStrictEqual(verdicts(analyze('mw-param')), ['GET /dogs protected', 'POST /dogs protected', 'GET /dogs/:id unprotected', 'GET /:slug protected']);
  });

  it('mw-controller: a controller is its own routes; an exclusion for every method leaves a parametric route partly open', () => {
    const app = analyze('mw-controller');
    assert.deepStrictEqual(verdicts(app), [
      'GET /api/billing protected', 'GET /api/billing/invoices protected', 'POST /api/billing/invoices protected',
      'GET /api/billing/health unprotected', 'GET /api/billing/invoices/:id unprotected', 'POST /api/webhooks/stripe unprotected',
      'DELETE /api/webhooks/:id unprotected',
    ]);
    assert.strictEqual(why(app, 'DELETE /api/webhooks/:id'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for `
      + "DELETE /api/webhooks/stripe, which this route serves: exclude('webhooks/stripe') skips it");
    assert.strictEqual(refs(app)[6], 'ApiKeyMiddleware authenticates partial');
    assert.strictEqual(why(app, 'GET /api/billing/invoices/:id'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + 'forRoutes(BillingController) mounts it on the routes of BillingController only, not on other paths below them');
  });

  it('mw-wildcard: `*` covers the prefix and the routes taken out of it; `public/{*rest}` excludes below /api/public only', () => {
    assert.deepStrictEqual(verdicts(analyze('mw-wildcard')), [
      'GET /health protected', 'GET /api/items protected', 'GET /api/items/:id protected', 'GET /api/public protected', 'GET /api/public/docs unprotected',
    ]);
  });

  it('mw-versioning: a string gets the default version, an exclusion none', () => {
    const app = analyze('mw-versioning');
    assert.deepStrictEqual(verdicts(app), ['GET /api/v1/cats protected', 'GET /api/v1/cats/public protected', 'GET /api/v2/dogs unprotected', 'GET /api/status protected']);
    assert.strictEqual(why(app, 'GET /api/v2/dogs'), `${NO_GUARD}; middleware ApiKeyMiddleware does not run for it: `
      + "forRoutes('dogs') names no version 2: it is mounted version-neutral and for the default version only");
  });
});

describe('middleware fixtures: what it does', () => {
  it('mw-bodies: judged by the body, library middleware never authenticates, a public marker stays public', () => {
    const app = analyze('mw-bodies');
    assert.deepStrictEqual(verdicts(app), [
      'GET /logging unprotected', 'GET /presence unprotected', 'GET /jwt-callback protected', 'GET /jwt-swallow unprotected',
      'GET /optional unprotected', 'GET /functional protected', 'GET /factory protected', 'GET /area/closed protected', 'GET /area/open public',
    ]);
    const library = 'session() passes full, passport.initialize() passes full, passport.session() passes full, cookieParser() passes full, '
      + 'helmet() passes full, cors() passes full';
    assert.deepStrictEqual(refs(app), [
      'AuthLoggingMiddleware passes full', 'ApiKeyPresentMiddleware passes full', 'JwtCallbackMiddleware authenticates full auth',
      'JwtSwallowMiddleware passes full', 'OptionalJwtMiddleware passes full', 'apiKeyCheck authenticates full auth',
      'requireKey() authenticates full auth', library, library,
    ]);
    assert.strictEqual(why(app, 'GET /logging'), `${NO_GUARD}; middleware AuthLoggingMiddleware never rejects a request: every way reaches next()`);
    assert.strictEqual(why(app, 'GET /presence'), `${NO_GUARD}; middleware ApiKeyPresentMiddleware only checks that a credential is present `
      + "(!req.headers['x-api-key']): any value passes");
    assert.strictEqual(why(app, 'GET /optional'), `${NO_GUARD}; middleware OptionalJwtMiddleware calls next() when no credential is presented `
      + '(!header): anonymous requests pass');
    assert.strictEqual(why(app, 'GET /area/open'), 'marked public by @Public, honoured by ApiKeyGuard');
    const reasons = app.routes.find((r) => r.path === '/area/open')!.middleware!.map((m) => m.reason);
    assert.deepStrictEqual(reasons.slice(0, 2), [
      'session() (express-session) loads or creates a session; it never rejects a request',
      'passport.initialize() (passport) sets up passport on the request; it never rejects a request',
    ]);
  });

  it('field-logging-auth-middleware (F24): a functional `authMiddleware` that only logs is not authentication', () => {
    const app = analyze('field-logging-auth-middleware');
    assert.deepStrictEqual(verdicts(app), ['GET /auth/users unprotected', 'GET /auth/users/:id unprotected']);
    assert.deepStrictEqual(refs(app), ['authMiddleware passes full', '']);
    assert.strictEqual(why(app, 'GET /auth/users'), `${NO_GUARD}; middleware authMiddleware never rejects a request: every way reaches next()`);
  });

  it('field-session-middleware (F1): express-session held by a service and passport.initialize() never override a public marker', () => {
    const app = analyze('field-session-middleware');
    assert.deepStrictEqual(verdicts(app), ['GET /api/notes protected', 'POST /api/notes/reset-request public', 'GET /api/notes/config public']);
    assert.deepStrictEqual(refs(app)[1], 'this.sessionHandleService.sessionMiddleware passes full, passport.initialize() passes full');
    assert.strictEqual(app.routes[1].middleware![0].reason,
      'this.sessionHandleService.sessionMiddleware (express-session) loads or creates a session; it never rejects a request');
    assert.strictEqual(why(app, 'GET /api/notes/config'), 'marked public by @Open, honoured by KeyGuard');
  });

  it('field-rate-limit-middleware (F28): a limit asked of a service by path and address is no credential check', () => {
    const app = analyze('field-rate-limit-middleware');
    assert.deepStrictEqual(verdicts(app), ['GET /quotes/random unprotected', 'POST /quotes unprotected']);
    assert.strictEqual(why(app, 'GET /quotes/random'), `${NO_GUARD}; middleware ThrottleMiddleware calls next() without any credential check when !limit`);
  });

  it('sem-middleware: the excluded route keeps only the logger, and says it passes', () => {
    const app = analyze('sem-middleware');
    assert.deepStrictEqual(verdicts(app), ['GET /reports protected', 'POST /reports protected', 'GET /health unprotected']);
    assert.deepStrictEqual(refs(app), ['AuthMiddleware authenticates full auth', 'AuthMiddleware authenticates full auth', 'LoggerMiddleware passes full']);
    assert.deepStrictEqual(app.findings.map((f) => [f.code, f.routes]), [['no-authentication', [app.routes[2].id]]]);
  });
});
