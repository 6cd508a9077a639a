/**
 * The whole pass over fixture sources with hand-built routes (as the linker would produce them):
 * exact verdicts, why, roles/public fields, and findings.
 */
import * as assert from 'assert';
import { applySemantics } from '../../../src/core/semantics';
import type { AnalyzedRoute, AppIndex } from '../../../src/core/model';
import { TestHost, entry, guard, route } from './testHost';
import type { TestHostOptions } from './testHost';

function app(routes: AnalyzedRoute[]): AppIndex {
  return { name: 'app', root: '/app', entryFile: 'src/main.ts', rootModule: 'AppModule', routes, findings: [], diagnostics: [], kind: 'server', env: { origin: 'none', files: [], variables: [] } };
}

function run(fixture: string, build: (h: TestHost) => AnalyzedRoute[], opts?: TestHostOptions) {
  const host = TestHost.fixture(fixture, opts);
  const a = app(build(host));
  applySemantics(a, host);
  return { a, host, codes: a.findings.map((f) => `${f.code}@${f.file}:${f.line}`) };
}

describe('applySemantics on fixtures (hand-built routes)', () => {
  it('sem-public-global: @Public honoured by JwtAuthGuard but ignored by the second global guard', () => {
    const { a } = run('sem-public-global', (h) => {
      const globals = [guard(h, 'RateLimitGuard', 'global'), guard(h, 'JwtAuthGuard', 'global'), guard(h, 'ApiKeyGuard', 'global')];
      return [
        route('CatsController', 'findAll', 'GET', '/cats', { guards: globals }),
        route('CatsController', 'health', 'GET', '/cats/health', {
          guards: globals, public: true, metadata: [{ ...entry('isPublic', 'public', 'handler', 'Public', ['true']), at: h.textAt('src/cats.controller.ts', 'Public()') }],
        }),
      ];
    });
    const [list, health] = a.routes;
    assert.strictEqual(list.verdict, 'protected');
    assert.strictEqual(list.why, "JwtAuthGuard (extends AuthGuard('jwt') from @nestjs/passport) and ApiKeyGuard (compares an API key header) authenticate");
    assert.strictEqual(health.verdict, 'protected');
    assert.deepStrictEqual(health.publicHonouredBy, ['JwtAuthGuard']);
    assert.deepStrictEqual(health.publicIgnoredBy, ['ApiKeyGuard']);
    assert.match(health.why!, /^ApiKeyGuard authenticates .*; the public marker is ignored by ApiKeyGuard$/);
    assert.deepStrictEqual(a.findings.map((f) => [f.code, f.severity, f.file, f.line, f.routes.length]), [
      ['secret-compare-not-constant-time', 'info', 'src/api-key.guard.ts', 8, 2],
      ['public-ignored-by-guard', 'warning', 'src/x.controller.ts', 1, 1],
    ]);
    assert.strictEqual(a.findings[1].message, '@Public on GET /cats/health is ignored by ApiKeyGuard, which still run(s); it is honoured by JwtAuthGuard.');
  });

  it('a public route whose only authentication guard honours the marker is public', () => {
    const { a } = run('sem-public-global', (h) => [route('CatsController', 'health', 'GET', '/cats/health', {
      guards: [guard(h, 'JwtAuthGuard', 'global')], public: true, metadata: [entry('isPublic', 'public', 'handler', 'Public')],
    })]);
    assert.strictEqual(a.routes[0].verdict, 'public');
    assert.strictEqual(a.routes[0].why, 'marked public by @Public, honoured by JwtAuthGuard');
    assert.deepStrictEqual(a.findings, []);
  });

  it('sem-opt-in: routes without the metadata are left open by the global guard', () => {
    const { a } = run('sem-opt-in', (h) => {
      const g = [guard(h, 'TokenGuard', 'global', { attachedAt: h.textAt('src/app.module.ts', '{ provide: APP_GUARD') })];
      return [
        route('OrdersController', 'list', 'GET', '/orders', { guards: g, metadata: [entry('requireAuth', 'other', 'handler', 'RequireAuth', ['true'])] }),
        route('OrdersController', 'exportAll', 'GET', '/orders/export', { guards: g, line: 14 }),
      ];
    });
    assert.deepStrictEqual(a.routes.map((r) => r.verdict), ['protected', 'unprotected']);
    assert.strictEqual(a.routes[1].why, 'no guard authenticates: TokenGuard is opt-in and the route has no requireAuth metadata');
    assert.deepStrictEqual(a.findings.map((f) => [f.code, f.cwe, f.routes]), [
      ['opt-in-global-guard', 'CWE-306', [a.routes[1].id]],
      ['no-authentication', 'CWE-306', [a.routes[1].id]],
    ]);
  });

  it('sem-marker: a guard that always returns true protects nothing', () => {
    const { a } = run('sem-marker', (h) => [route('ProfileController', 'me', 'GET', '/profile', { guards: [guard(h, 'LoggedInGuard', 'controller')] })]);
    assert.strictEqual(a.routes[0].verdict, 'unprotected');
    assert.strictEqual(a.routes[0].why, 'no guard authenticates: LoggedInGuard always returns true');
    assert.deepStrictEqual(a.findings.map((f) => f.code), ['no-authentication']);
  });

  it('sem-class-roles: class-level @Roles is ignored by a handler-only guard', () => {
    const { a } = run('sem-class-roles', (h) => {
      const g = [guard(h, 'SessionGuard', 'controller'), guard(h, 'RolesGuard', 'controller')];
      const classRoles = { ...entry('roles', 'roles', 'controller', 'Roles', ['admin']), at: h.textAt('src/admin.controller.ts', "@Roles('admin')") };
      return [
        route('AdminController', 'stats', 'GET', '/admin/stats', { guards: g, roles: ['admin'], metadata: [classRoles] }),
        route('AdminController', 'purge', 'DELETE', '/admin/cache', {
          guards: g, roles: ['superuser', 'admin'], metadata: [entry('roles', 'roles', 'handler', 'Roles', ['superuser']), classRoles],
        }),
      ];
    });
    const [stats, purge] = a.routes;
    assert.strictEqual(stats.verdict, 'protected');
    assert.deepStrictEqual(stats.rolesEnforcedBy, []);
    assert.deepStrictEqual(purge.rolesEnforcedBy, ['RolesGuard']);
    assert.deepStrictEqual(a.findings.map((f) => [f.code, f.line, f.routes]), [['class-roles-ignored', 1, [stats.id]]]);
    assert.match(a.findings[0].message, /RolesGuard reads roles from the handler only/);
  });

  it('sem-create-decorator: createDecorator roles are enforced by Reflector.get(Roles) and not by a guard reading the string key', () => {
    const { a } = run('sem-create-decorator', (h) => [
      route('ReportsController', 'list', 'GET', '/reports', {
        guards: [guard(h, 'JwtGuard', 'controller'), guard(h, 'RolesGuard', 'controller')],
        roles: ['auditor'], metadata: [entry('createDecorator:Roles', 'roles', 'handler', 'Roles', ['auditor'])],
      }),
      route('InvoicesController', 'list', 'GET', '/invoices', {
        guards: [guard(h, 'JwtGuard', 'controller'), guard(h, 'LegacyRolesGuard', 'controller')],
        roles: ['accountant'], metadata: [entry('createDecorator:Roles', 'roles', 'handler', 'Roles', ['accountant'])],
      }),
    ]);
    assert.deepStrictEqual(a.routes.map((r) => r.rolesEnforcedBy), [['RolesGuard'], []]);
    assert.deepStrictEqual(a.routes.map((r) => r.verdict), ['protected', 'protected']);
    assert.deepStrictEqual(a.findings.map((f) => [f.code, f.routes]), [['roles-not-enforced', [a.routes[1].id]]]);
    assert.strictEqual(a.findings[0].message,
      '@Roles(accountant) on GET /invoices sets createDecorator:Roles, which no guard in the chain reads (LegacyRolesGuard reads roles).');
  });

  it('sem-ownership: handler, service, guard evidence, and a finding for the route with none', () => {
    const { a } = run('sem-ownership', (h) => {
      const jwt = guard(h, 'JwtGuard', 'controller');
      return [
        route('DocumentsController', 'list', 'GET', '/documents', { guards: [jwt] }),
        route('DocumentsController', 'get', 'GET', '/documents/:id', { guards: [jwt] }),
        route('DocumentsController', 'body', 'GET', '/documents/:id/body', { guards: [jwt] }),
        route('DocumentsController', 'update', 'PATCH', '/documents/:id', { guards: [jwt, guard(h, 'DocumentPolicyGuard', 'handler')] }),
        route('DocumentsController', 'remove', 'DELETE', '/documents/:id', { guards: [jwt], line: 38 }),
      ];
    });
    assert.deepStrictEqual(a.routes.map((r) => r.ownership && r.ownership.kind), [null, 'handler', 'service', 'guard', 'none']);
    assert.strictEqual(a.routes[1].ownership!.detail, 'get compares the object with the caller (doc.ownerId !== user.id) and throws otherwise');
    assert.strictEqual(a.routes[2].ownership!.detail, 'body passes it to this.documents.findForOwner; DocumentsService.findForOwner loads the object '
      + 'scoped by the caller (this.docs.find((d) => d.id === id && d.ownerId === userId))');
    assert.strictEqual(a.routes[3].ownership!.detail, 'DocumentPolicyGuard reads :id and compares the object with the caller '
      + '(doc?.ownerId === request.user.id) and returns the result');
    assert.strictEqual(a.routes[4].ownership!.detail, "no ownership check for :id: no guard checks the object; no comparison with the caller in "
      + "DocumentsController.remove or in DocumentsService.remove; the caller's identity is not used");
    assert.deepStrictEqual(a.findings.map((f) => [f.code, f.cwe, f.line]), [['missing-ownership-check', 'CWE-639', 38]]);
  });

  it('rules levels from config: off disables, a level changes severity', () => {
    const build = (h: TestHost) => [route('ProfileController', 'me', 'GET', '/profile', { guards: [guard(h, 'LoggedInGuard', 'controller')] })];
    assert.deepStrictEqual(run('sem-marker', build, { config: { rules: { 'no-authentication': 'off' } } }).a.findings, []);
    const { a } = run('sem-marker', build, { config: { rules: { 'guard-coverage/no-authentication': 'info' } } });
    assert.deepStrictEqual(a.findings.map((f) => f.severity), ['info']);
  });

  it('unreachable APP_GUARDs reported by the linker become findings', () => {
    const { a } = run('sem-unreachable', () => [route('SettingsController', 'read', 'GET', '/settings')], {
      unreachableAppGuards: [{ module: 'AdminModule', guard: 'JwtGuard', at: { file: 'src/admin.module.ts', line: 6 } }],
    });
    assert.deepStrictEqual(a.findings.map((f) => [f.code, f.file, f.line]).sort(), [
      ['no-authentication', 'src/x.controller.ts', 1],
      ['unreachable-app-guard', 'src/admin.module.ts', 6],
    ]);
    assert.strictEqual(a.findings.find((f) => f.code === 'unreachable-app-guard')!.message,
      'APP_GUARD JwtGuard in AdminModule never runs: AdminModule is not imported from the root module AppModule.');
  });
});

describe('applySemantics resilience', () => {
  it('a failure in one part of one route becomes a diagnostic; verdicts and other findings stay', () => {
    const host = TestHost.fixture('sem-marker');
    host.handlerOf = () => {
      throw new Error('boom');
    };
    const a = app([
      route('ProfileController', 'me', 'GET', '/profile/:id', { guards: [guard(host, 'LoggedInGuard', 'controller')] }),
    ]);
    applySemantics(a, host);
    assert.strictEqual(a.routes[0].verdict, 'unprotected');
    assert.strictEqual(a.routes[0].ownership, null);
    assert.deepStrictEqual(a.diagnostics.map((d) => d.message), [
      `semantics (handler checks of ${a.routes[0].id}) failed: boom`,
      `semantics (ownership of ${a.routes[0].id}) failed: boom`,
    ]);
    assert.deepStrictEqual(a.findings.map((f) => f.code), ['no-authentication']);
  });
});
