import * as fs from 'fs';
import * as path from 'path';
import * as assert from 'assert';
import * as fx from '../../src/core/fixes';
import { analyzeWorkspace } from '../../src/core/analyzer';
import { createMatrix, type CertMatrix, type Issued } from './certs';
import { assertRefusedBy, assertStatus, call, start, type RunningApp } from './server';
import { applyToDisk, copyFixture } from './support';

/**
 * The generated guard fails closed on every shape of role and public metadata: numeric enums are
 * compared by value, anything it does not understand (objects, nested arrays, an empty list, a
 * boolean) is denied, and only a literal `true` makes a route public. Served over real HTTPS with
 * real client certificates; each route of `fix-role-shapes` holds one shape.
 */
describe('generated mTLS guard: role and public metadata shapes over real TLS', function () {
  this.timeout(120000);
  let certs: CertMatrix;
  let root: string;
  let app: RunningApp | undefined;

  before(async function () {
    certs = createMatrix();
    root = copyFixture('fix-role-shapes', 'tls-role-shapes');
    const reader = fx.nodeFileReader(root);
    const controller = path.join(root, 'src', 'shapes', 'shapes.controller.ts');
    applyToDisk(fx.createMtlsGuard({ root, reader, controllerName: 'ShapesController' }));
    applyToDisk(fx.addUseGuards({ root, reader, file: controller, className: 'ShapesController' }));
    applyToDisk(fx.addHttpsOptions({ root, reader }));
    // The allowlisted client holds the string role 'reader' and the numeric enum member Role.Reader (1).
    app = await start(root, certs, { fingerprints: { [certs.allowlisted.fingerprint256]: ['reader', 1] } });
  });

  after(async function () {
    await app?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (route: string, client?: Issued) => call(app, certs.caPem, 'GET', `/shapes/${route}`, client);

  const allowed: Array<[string, string]> = [
    ['none', 'no role metadata'],
    ['enum-reader', 'numeric enum member held by the client ([1])'],
    ['string-reader', "string role held by the client (['reader'])"],
    ['single', "a single string ('reader')"],
    ['set-reader', "a Set of roles held by the client (new Set(['reader']))"],
  ];
  for (const [route, shape] of allowed) {
    it(`answers 200 on ${shape}`, async () => {
      assertStatus(await get(route, certs.allowlisted), 200, route);
    });
  }

  const denied: Array<[string, string]> = [
    ['enum-admin', 'a numeric enum member the client lacks ([0])'],
    ['set-admin', "a Set the client matches none of (new Set(['admin']))"],
    ['flags', 'an object of flags ({ reader: true })'],
    ['nested', "a nested array ([['reader']])"],
    ['empty', 'an empty role list ([])'],
    ['boolean', 'a boolean (true)'],
  ];
  for (const [route, shape] of denied) {
    it(`answers 403 on ${shape}`, async () => {
      assertRefusedBy(await get(route, certs.allowlisted), 'http:403 Forbidden', route);
    });
  }

  it('lets a client that is not allowlisted through only where the public marker is exactly true', async () => {
    assertStatus(await get('public-true', certs.notAllowlisted), 200, 'public: true');
    for (const route of ['public-zero', 'public-empty', 'public-string-false']) {
      assertRefusedBy(await get(route, certs.notAllowlisted), 'http:403 Forbidden', route);
    }
  });

  it('a client without a certificate is refused at the handshake, on the public route too', async () => {
    assertRefusedBy(await get('public-true', undefined), 'tls:ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', 'public-true');
  });

  it('the static verdicts agree: the guard honours the marker only where it is exactly true, the TLS listener protects every route', () => {
    const routes = analyzeWorkspace(root).apps[0]?.routes ?? [];
    const shown = routes.map((r) => `${r.path}: ${r.verdict} (${r.why})`).join('\n');
    const route = (p: string) => routes.find((r) => r.path === `/shapes/${p}`);
    const honoured = ['public-true', 'public-zero', 'public-empty', 'public-string-false'].map((p) => route(p)?.publicHonouredBy ?? []);
    assert.deepStrictEqual(honoured, [['MtlsAuthGuard'], [], [], []], shown);
    // The marker exempts the route from the guard, not from the handshake: a certificate signed by
    // the CA is still required, so the route is authenticated, by the listener alone.
    const publicTrue = route('public-true');
    assert.strictEqual(publicTrue?.verdict, 'protected', shown);
    assert.deepStrictEqual(publicTrue?.protection?.filter((s) => s.applies === 'yes' && s.kind === 'authentication').map((s) => s.origin), ['tls'], shown);
    for (const p of ['public-zero', 'public-empty', 'public-string-false']) assert.strictEqual(route(p)?.verdict, 'protected', shown);
  });

  it('still serves the allowlisted client on routes with a non-true public value', async () => {
    for (const route of ['public-zero', 'public-empty', 'public-string-false']) {
      assertStatus(await get(route, certs.allowlisted), 200, route);
    }
  });
});
