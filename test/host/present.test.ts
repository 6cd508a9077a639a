/**
 * The wording and config mapping of the host, on hand-written routes (no workspace needed).
 */
import * as assert from 'assert';
import { mergeConfig } from '../../src/host/config';
import type { AnalyzedRoute, GuardRef } from '../../src/core/model';
import { controllerSummary, coverageOf, coverageText, curlFor, lensTitle, verdictOf } from '../../src/host/present';

const guard = (name: string, level: GuardRef['level']): GuardRef => ({
  name, level, source: level === 'global' ? 'APP_GUARD (AppModule)' : '@UseGuards', attachment: level === 'global' ? 'APP_GUARD' : 'UseGuards',
  via: [], attachedAt: { file: 'src/app.module.ts', line: 3 }, className: name, form: 'class',
});

function route(over: Partial<AnalyzedRoute>): AnalyzedRoute {
  return {
    id: 'a:GET /x:C.h', transport: 'http', httpMethod: 'GET', path: '/x', version: null, host: null, controller: 'C', handler: 'h',
    file: 'src/c.ts', line: 5, column: 3, controllerAt: { file: 'src/c.ts', line: 2 }, guards: [], interceptors: [], roles: [], roleLabels: over.roleLabels ?? over.roles ?? [], public: false, metadata: [],
    params: [], module: null, unresolved: [], ...over,
  };
}

suite('host wording and settings', () => {
  test('lens titles per verdict', () => {
    const chain = [guard('JwtAuthGuard', 'global'), guard('RolesGuard', 'controller')];
    assert.strictEqual(
      lensTitle(route({ guards: chain, roles: ['admin'], verdict: 'protected', ownership: { kind: 'service', detail: 'caller passed' } })),
      '$(shield) JwtAuthGuard → RolesGuard · roles: admin · owner check: service',
    );
    assert.strictEqual(lensTitle(route({ verdict: 'unprotected' })), '$(warning) No authentication guard');
    assert.strictEqual(
      lensTitle(route({ guards: chain.slice(0, 1), public: true, verdict: 'public', publicHonouredBy: ['JwtAuthGuard'] })),
      '$(globe) Public · honoured by JwtAuthGuard · JwtAuthGuard',
    );
    assert.strictEqual(lensTitle(route({ guards: chain.slice(1), verdict: 'unknown' })), '$(question) RolesGuard · verdict unknown');
  });

  test('without a verdict: no guard at all is unprotected, anything else unknown (never protected)', () => {
    assert.strictEqual(verdictOf(route({})), 'unprotected');
    assert.strictEqual(verdictOf(route({ guards: [guard('JwtAuthGuard', 'handler')] })), 'unknown');
    assert.strictEqual(verdictOf(route({ public: true })), 'unknown');
  });

  test('coverage figure and controller summary', () => {
    const routes = [
      route({ verdict: 'protected' }), route({ verdict: 'protected' }), route({ verdict: 'public' }),
      route({ verdict: 'unprotected' }), route({ verdict: 'unknown' }), route({ verdict: 'protected' }),
    ];
    assert.strictEqual(coverageText(coverageOf(routes)), '66.7% · 1 unprotected · 1 unknown');
    assert.strictEqual(controllerSummary(routes.slice(0, 3)), '3 routes · 2 protected · 1 public');
    assert.strictEqual(controllerSummary(routes.slice(3, 4)), '1 route · 1 unprotected');
    assert.strictEqual(coverageText(coverageOf([])), '100% · 0 unprotected');
  });

  test('curl lines', () => {
    const chain = [guard('JwtAuthGuard', 'handler')];
    assert.strictEqual(
      curlFor(route({ httpMethod: 'PATCH', path: "/it's/:id", guards: chain, verdict: 'protected', host: ['api.example.com'] }), 'https://h:8443/'),
      `curl -X PATCH -H 'Host: api.example.com' -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}' 'https://h:8443/it'\\''s/:id'`,
    );
    assert.strictEqual(curlFor(route({ httpMethod: 'ALL', verdict: 'public', guards: chain }), 'http://localhost:3000'), "curl -X GET 'http://localhost:3000/x'");
  });

  test('roles are shown with the names they were written as', () => {
    const r = route({ roles: ['1', 'editor'], roleLabels: ['RoleEnum.admin (1)', 'editor'], verdict: 'protected', guards: [guard('JwtAuthGuard', 'global')] });
    assert.strictEqual(lensTitle(r), '$(shield) JwtAuthGuard · roles: RoleEnum.admin (1), editor');
  });

  test('.guard-coverage.json is merged under the settings', () => {
    const merged = mergeConfig(
      { authGuards: ['FileGuard'], rules: { 'no-authentication': 'warning', 'missing-ownership-check': 'off' }, include: ['src/**/*.ts'], exclude: ['a/**'] },
      { authGuards: ['SettingGuard', 'FileGuard'], rules: { 'no-authentication': 'error' }, include: [], exclude: ['b/**'] },
    );
    assert.deepStrictEqual(merged.authGuards, ['FileGuard', 'SettingGuard']);
    assert.deepStrictEqual(merged.rules, { 'no-authentication': 'error', 'missing-ownership-check': 'off' });
    assert.deepStrictEqual(merged.include, ['src/**/*.ts']);
    assert.deepStrictEqual(merged.exclude, ['a/**', 'b/**']);
    assert.deepStrictEqual(mergeConfig(undefined, { include: ['x/**'] }).include, ['x/**']);
    assert.deepStrictEqual(mergeConfig({ include: ['y/**'] }, { include: ['x/**'] }).include, ['x/**']);
  });

  test('env files from the settings replace the file\'s, env variables from the settings win per name', () => {
    const file = { envFiles: ['/w/.env.file'], env: { A: 'file', B: 'file' } };
    assert.deepStrictEqual(mergeConfig(file, { envFiles: [], env: { B: 'setting' } }), { ...mergeConfig(file, {}), env: { A: 'file', B: 'setting' } });
    const replaced = mergeConfig(file, { envFiles: ['deploy.env'] });
    assert.deepStrictEqual([replaced.envFiles, replaced.env], [['deploy.env'], { A: 'file', B: 'file' }]);
  });
});
