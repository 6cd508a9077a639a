/**
 * Exact verdicts and findings of the handler-* and authz-* fixtures through the real linker
 * (each of them is also booted and probed: test/probe, their probe.json).
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';
import { FIXTURES } from './testHost';

function analyze(fixture: string): AppIndex {
  const result = analyzeWorkspace(path.join(FIXTURES, fixture));
  assert.strictEqual(result.apps.length, 1);
  return result.apps[0];
}

describe('handler checks and object-level authorization, end to end', () => {
  it('handler-secret: a secret compared before the effect protects; in the URL and with !== it is a finding', () => {
    const app = analyze('handler-secret');
    assert.deepStrictEqual(app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.verdict}`), [
      'POST /cron/run protected', 'POST /cron/sweep protected', 'GET /cron/report protected', 'POST /cron/early protected',
      'POST /cron/helper protected', 'POST /cron/asserted protected', 'POST /cron/logged unprotected', 'POST /cron/late unprotected',
      'GET /cron/history protected', 'GET /exports protected',
    ]);
    const why = (p: string): string | undefined => app.routes.find((r) => r.path === p)?.why;
    assert.strictEqual(why('/cron/run'), 'CronController.run authenticates (compares the x-cron-key header with CRON_KEY from configuration and throws otherwise)');
    assert.strictEqual(why('/cron/logged'), 'no guard in the chain and no authentication middleware; '
      + 'CronController.logged compares the x-cron-key header with CRON_KEY from configuration but only logs the result');
    assert.deepStrictEqual(app.findings.map((f) => `${f.code} ${f.file}:${f.line} ${f.routes.length}`), [
      'secret-compare-not-constant-time src/cron.controller.ts:27 1',
      'secret-compare-not-constant-time src/cron.controller.ts:46 1',
      'secret-in-url src/cron.controller.ts:46 1',
      'secret-compare-not-constant-time src/cron.controller.ts:54 1',
      'no-authentication src/cron.controller.ts:76 1',
      'no-authentication src/cron.controller.ts:85 1',
      'secret-compare-not-constant-time src/cron.controller.ts:99 2',
      'secret-compare-not-constant-time src/query-key.guard.ts:12 1',
      'secret-in-url src/query-key.guard.ts:12 1',
    ]);
    const url = app.findings.find((f) => f.code === 'secret-in-url')!;
    assert.strictEqual(url.cwe, 'CWE-598');
    assert.strictEqual(url.message, 'CronController.report compares the query parameter key with CRON_KEY from configuration: the secret travels '
      + 'in the URL, where access logs, proxies and browser history keep it. Send it in a header.');
  });

  it('authz-ownership: checks in the handler, a service, a guard and through ClsService are seen; logging is not one', () => {
    const app = analyze('authz-ownership');
    const own = Object.fromEntries(app.routes.map((r) => [`${r.httpMethod} ${r.path}`, r.ownership ? `${r.ownership.kind}: ${r.ownership.detail}` : null]));
    assert.deepStrictEqual(own, {
      'POST /auth/login': null,
      'GET /notes/:id': 'handler: get compares the object with the caller (note.ownerId !== user.id) and throws otherwise',
      'GET /notes/:id/summary': 'service: summary passes it to this.notes.findOwned; NotesService.findOwned compares the object with the caller '
        + '(note.ownerId !== user.id) and throws otherwise',
      'GET /notes/:id/history': 'guard: NoteAccessGuard reads :id and compares the object with the caller (note.ownerId !== req.user.id) and throws otherwise',
      'PATCH /notes/:id/title': 'service: rename passes it to this.notes.rename; NotesService.rename compares the object with the caller '
        + '(note.ownerId !== me.id) and throws otherwise',
      'PATCH /notes/:id': "none: no ownership check for :id: JwtGuard does not read :id; no comparison with the caller in NotesController.update "
        + "or in NotesService.update, NotesStore.get; the caller's identity is not used",
      'DELETE /notes/:id': 'none: no ownership check for :id: JwtGuard does not read :id; no comparison with the caller in NotesController.remove '
        + "or in NotesService.remove, NotesStore.get, NotesStore.delete; the caller's identity goes into this.notes.remove, which neither "
        + 'compares nor scopes the object by it',
      'PUT /accounts/:id/password': 'handler: changePassword compares the object with the caller (id !== me.id) and returns otherwise',
    });
    assert.deepStrictEqual(app.routes.map((r) => r.verdict), Array(8).fill('protected'));
    // No public-ignored-by-guard: LocalAuthGuard is the login route's own check.
    assert.deepStrictEqual(app.findings.map((f) => `${f.code} ${f.file}:${f.line}`), [
      'missing-ownership-check src/notes/notes.controller.ts:41',
      'missing-ownership-check src/notes/notes.controller.ts:48',
    ]);
  });

  it('authz-scoped: a request context set by a guard, a pick from the caller\'s own list, a compound key, an admin-only route', () => {
    const app = analyze('authz-scoped');
    assert.deepStrictEqual(app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.ownership?.kind}`), [
      'GET /entries/:id handler', 'GET /entries/:id/raw none', 'DELETE /entries/:id service', 'DELETE /entries/:id/purge admin-only',
    ]);
    assert.strictEqual(app.routes[3].ownership?.detail, 'limited to administrators: @Roles(Role.Admin), enforced by RolesGuard');
    assert.deepStrictEqual(app.findings.map((f) => `${f.code} ${f.file}:${f.line}`), ['missing-ownership-check src/entries.controller.ts:24']);
  });

  it('authz-bypass: a header, query or body switch that skips a check is a finding at the switch; a flag that asks for more, a way to true without a header, or a value a rejection requires, is not', () => {
    const app = analyze('authz-bypass');
    assert.deepStrictEqual(app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.verdict}`), [
      'DELETE /docs/:id protected', 'PATCH /docs/:id protected', 'GET /docs/:id protected', 'POST /docs/:id/copy protected',
      'POST /products protected', 'POST /products/restock protected', 'GET /products/stats unprotected', 'GET /products/report protected',
    ]);
    assert.strictEqual(app.routes[6].why, 'no guard authenticates: DebugJwtGuard does not authenticate: returns true when the query parameter '
      + "debug says so (req.query['debug'] === '1') [request-controlled-bypass]");
    assert.deepStrictEqual(app.findings.map((f) => `${f.code} ${f.cwe} ${f.file}:${f.line} ${f.routes.length}`), [
      'request-controlled-bypass CWE-290 src/admin.guard.ts:10 2',
      'request-controlled-bypass CWE-288 src/debug-jwt.guard.ts:10 1',
      'missing-ownership-check CWE-639 src/docs.controller.ts:16 1',
      'request-controlled-bypass CWE-639 src/docs.controller.ts:19 1',
      'no-authentication CWE-306 src/products.controller.ts:23 1',
    ]);
    const messages = app.findings.filter((f) => f.code === 'request-controlled-bypass').map((f) => f.message);
    assert.deepStrictEqual(messages, [
      "AdminGuard.canActivate returns true when the x-admin-override header says so (`req.headers['x-admin-override'] === 'true'`): "
        + 'a client that sends it passes the role check.',
      "DebugJwtGuard.canActivate returns true when the query parameter debug says so (`req.query['debug'] === '1'`): "
        + 'a client that sends it passes the credential check.',
      'DocsController.remove skips the ownership check `doc.ownerId !== req.user.id` when the query parameter force is set (`!force`): '
        + 'the client turns it off.',
    ]);
    assert.match(app.routes[0].ownership?.detail ?? '', /that always runs in DocsController\.remove .*\(!force && doc\.ownerId !== req\.user\.id: !force is the client's to set\)/);
  });

  it('field-ownership-guard-helper (F22): a global guard that reads the id in a helper and hands it with the caller to a grants service is the check', () => {
    const app = analyze('field-ownership-guard-helper');
    const detail = 'PermissionGuard reads :baseId and loads the object scoped by the caller '
      + '(this.permissionService.validPermissions(resourceId, permissions, user.id)) (in PermissionGuard.resourcePermission)';
    assert.deepStrictEqual(app.routes.map((r) => `${r.httpMethod} ${r.path} ${r.verdict} ${r.ownership?.kind}: ${r.ownership?.detail}`), [
      `GET /bases/:baseId/collaborators protected guard: ${detail}`,
      `PUT /bases/:baseId/order protected guard: ${detail}`,
    ]);
    assert.deepStrictEqual(app.findings.map((f) => f.code), []);
  });
});
