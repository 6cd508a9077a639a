/**
 * The semantics pass through the real linker: `analyzeWorkspace(fixture)` gives exact verdicts and findings.
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';
import { FIXTURES } from './testHost';

const cache = new Map<string, AppIndex>();

/** Each fixture is analysed once for the whole file (the tests only read the result). */
function analyze(fixture: string): AppIndex {
  const hit = cache.get(fixture);
  if (hit) return hit;
  const result = analyzeWorkspace(path.join(FIXTURES, fixture));
  assert.strictEqual(result.apps.length, 1);
  const app = result.apps[0];
  assert.deepStrictEqual(app.diagnostics.filter((d) => d.severity === 'error'), []);
  cache.set(fixture, app);
  return app;
}

const EXPECTED: Record<string, { routes: string[]; findings: string[] }> = {
  'sem-public-global': {
    routes: ['GET /cats protected', 'GET /cats/health protected'],
    findings: ['secret-compare-not-constant-time src/api-key.guard.ts:8', 'public-ignored-by-guard src/cats.controller.ts:13'],
  },
  'sem-public-ok': {
    routes: ['GET /posts public', 'GET /posts/drafts protected', 'GET /status public'],
    findings: [],
  },
  'sem-opt-in': {
    routes: ['GET /orders protected', 'GET /orders/export unprotected'],
    findings: ['opt-in-global-guard src/app.module.ts:8', 'no-authentication src/orders.controller.ts:13'],
  },
  'sem-marker': {
    routes: ['GET /profile unprotected'],
    findings: ['no-authentication src/profile.controller.ts:8'],
  },
  'sem-class-roles': {
    routes: ['GET /admin/stats protected', 'DELETE /admin/cache protected'],
    findings: ['class-roles-ignored src/admin.controller.ts:9'],
  },
  'sem-create-decorator': {
    routes: ['GET /reports protected', 'GET /invoices protected'],
    findings: ['roles-not-enforced src/reports.controller.ts:22'],
  },
  'sem-ownership': {
    routes: ['GET /documents protected', 'GET /documents/:id protected', 'GET /documents/:id/body protected',
      'PATCH /documents/:id protected', 'DELETE /documents/:id protected'],
    findings: ['missing-ownership-check src/documents.controller.ts:36'],
  },
  'sem-middleware': {
    routes: ['GET /reports protected', 'POST /reports protected', 'GET /health unprotected'],
    findings: ['no-authentication src/reports.controller.ts:19'],
  },
  'sem-unreachable': {
    routes: ['GET /settings unprotected'],
    findings: ['unreachable-app-guard src/admin.module.ts:6', 'no-authentication src/app.module.ts:6'],
  },
  'sem-mtls-reject': { routes: ['GET /accounts protected'], findings: ['mtls-reject-unauthorized-false src/main.ts:12'] },
  'sem-mtls-empty-cert': { routes: ['GET /accounts protected'], findings: ['mtls-empty-cert-check src/client-cert.guard.ts:13'] },
  'sem-mtls-string-compare': {
    routes: ['GET /accounts protected'],
    findings: ['mtls-issuer-string-compare src/client-cert.guard.ts:14', 'mtls-issuer-string-compare src/client-cert.guard.ts:15'],
  },
  'sem-mtls-no-mapping': { routes: ['GET /accounts protected'], findings: ['mtls-no-identity-mapping src/client-cert.guard.ts:5'] },
  'sem-mtls-forwarded': {
    routes: ['GET /accounts unprotected'],
    findings: ['no-authentication src/accounts.controller.ts:8', 'mtls-untrusted-forwarded-cert src/forwarded-cert.guard.ts:11'],
  },
  'sem-mtls-ok': { routes: ['GET /accounts protected'], findings: [] },
  'sem-hybrid': { routes: ['GET /accounts protected'], findings: ['microservice-drops-global-guards src/main.ts:9'] },
};

describe('semantics end to end (analyzeWorkspace on sem-* fixtures)', () => {
  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    it(`${fixture}: exact verdicts and findings`, () => {
      const app = analyze(fixture);
      assert.deepStrictEqual(app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.verdict}`), expected.routes);
      assert.deepStrictEqual(app.findings.map((f) => `${f.code} ${f.file}:${f.line}`), expected.findings);
    });
  }

  it('every finding carries code, severity, CWE (or null), message, file, line and routes', () => {
    for (const fixture of Object.keys(EXPECTED)) {
      for (const f of analyze(fixture).findings) {
        const keys = Object.keys(f);
        for (const k of ['code', 'severity', 'cwe', 'message', 'file', 'line', 'routes']) assert.ok(keys.includes(k), `${f.code} has ${k}`);
        assert.deepStrictEqual(keys.filter((k) => !['code', 'severity', 'cwe', 'message', 'file', 'line', 'routes', 'column', 'endLine', 'endColumn'].includes(k)), []);
        if (f.endLine !== undefined) assert.ok(f.endLine > f.line || (f.endLine === f.line && f.endColumn! > f.column!), `${f.code} range`);
        assert.ok(f.cwe === null || /^CWE-\d+$/.test(f.cwe), f.cwe ?? '');
        assert.ok(f.line >= 1 && f.message.endsWith('.'), f.message);
      }
    }
  });

  it('finding ranges: the handler name for route findings, the expression for code findings', () => {
    const own = analyze('sem-ownership').findings[0];
    assert.deepStrictEqual([own.line, own.column, own.endLine, own.endColumn], [36, 3, 36, 3 + 'remove'.length]);
    const tls = analyze('sem-mtls-reject').findings[0];
    assert.deepStrictEqual([tls.line, tls.endLine, tls.endColumn! - tls.column!], [12, 12, 'false'.length]);
  });

  it('sem-public-global: why, honoured and ignored guards', () => {
    const health = analyze('sem-public-global').routes[1];
    assert.deepStrictEqual([health.public, health.publicHonouredBy, health.publicIgnoredBy], [true, ['JwtAuthGuard'], ['ApiKeyGuard']]);
    assert.strictEqual(health.why, 'ApiKeyGuard authenticates (compares an API key header); the public marker is ignored by ApiKeyGuard');
  });

  it('guardEffects: kind and state of every guard on the route', () => {
    const health = analyze('sem-public-global').routes[1];
    assert.deepStrictEqual(health.guardEffects!.map((g) => [g.name, g.kind, g.state, g.offBy ?? null]), [
      ['RateLimitGuard', 'non-security', 'runs', null],
      ['JwtAuthGuard', 'authentication', 'off-by-marker', '@Public'],
      ['ApiKeyGuard', 'authentication', 'runs', null],
    ]);
    const exportAll = analyze('sem-opt-in').routes[1];
    assert.deepStrictEqual(exportAll.guardEffects!.map((g) => [g.state, g.offBy]), [['off-opt-in', 'requireAuth']]);
  });

  it('sem-class-roles and sem-create-decorator: rolesEnforcedBy respects handler-vs-class and the key', () => {
    assert.deepStrictEqual(analyze('sem-class-roles').routes.map((r) => r.rolesEnforcedBy), [[], ['RolesGuard']]);
    assert.deepStrictEqual(analyze('sem-create-decorator').routes.map((r) => r.rolesEnforcedBy), [['RolesGuard'], []]);
  });

  it('sem-ownership: evidence kind per route', () => {
    assert.deepStrictEqual(analyze('sem-ownership').routes.map((r) => r.ownership?.kind ?? null), [null, 'handler', 'service', 'guard', 'none']);
  });

  it('sem-middleware: middleware shown on the route, the excluded route has only the logger', () => {
    const routes = analyze('sem-middleware').routes;
    assert.deepStrictEqual(routes.map((r) => (r.middleware ?? []).map((m) => `${m.name}${m.authentication ? ' (auth)' : ''}`)),
      [['AuthMiddleware (auth)'], ['AuthMiddleware (auth)'], ['LoggerMiddleware']]);
  });

  it('never says protected without an authentication guard or middleware that runs', () => {
    for (const fixture of Object.keys(EXPECTED)) {
      for (const r of analyze(fixture).routes.filter((x) => x.verdict === 'protected')) {
        assert.match(r.why ?? '', /authenticates \(|\) authenticate(;|$)/, `${fixture} ${r.path}: ${r.why}`);
      }
    }
  });
});
