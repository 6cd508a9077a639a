import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type * as TsNode from 'ts-node';
import type * as NestCommon from '@nestjs/common';
import { createMatrix, type CertMatrix, type Issued } from './certs';
import { applyMtlsFixes, copyFixture } from './support';

/**
 * The generated guard, loaded from a fixture copy, driven with request objects the way Express and
 * Fastify build them: the paths a TLS handshake cannot reach (an authorised socket with an empty or
 * expired certificate, proxy mode) are checked here.
 */

interface HttpError {
  getStatus(): number;
}
interface GuardClass {
  new (reflector: unknown, allowlist: unknown): { canActivate(context: unknown): boolean };
}

const ENV = ['MTLS_PROXY_MODE', 'MTLS_TRUSTED_PROXIES', 'MTLS_ALLOWLIST', 'MTLS_ALLOWLIST_FILE'];

describe('generated MtlsAuthGuard (direct and proxy mode)', function () {
  this.timeout(120000);
  let certs: CertMatrix;
  let root: string;
  let Guard: GuardClass;
  let Allowlist: new () => unknown;
  let Reflector: new () => unknown;
  const saved = new Map<string, string | undefined>();

  before(function () {
    certs = createMatrix();
    root = copyFixture('fix-basic', 'guard-unit');
    applyMtlsFixes(root);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('ts-node') as typeof TsNode).register({
      transpileOnly: true,
      skipProject: true,
      compilerOptions: { target: 'ES2022', module: 'commonjs', experimentalDecorators: true, emitDecoratorMetadata: true },
    });
    /* eslint-disable @typescript-eslint/no-require-imports */
    Guard = (require(path.join(root, 'src', 'auth', 'mtls-auth.guard.ts')) as { MtlsAuthGuard: GuardClass }).MtlsAuthGuard;
    Allowlist = (require(path.join(root, 'src', 'auth', 'client-cert-allowlist.service.ts')) as { ClientCertAllowlistService: new () => unknown }).ClientCertAllowlistService;
    Reflector = (require('@nestjs/core') as { Reflector: new () => unknown }).Reflector;
    // Denials are logged as warnings; keep the test output to errors.
    (require('@nestjs/common') as typeof NestCommon).Logger.overrideLogger(['error']);
    /* eslint-enable @typescript-eslint/no-require-imports */
    for (const k of ENV) saved.set(k, process.env[k]);
  });

  afterEach(() => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  after(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  function guard(env: Record<string, string>): { canActivate(context: unknown): boolean } {
    for (const k of ENV) delete process.env[k];
    Object.assign(process.env, { MTLS_ALLOWLIST: JSON.stringify({ fingerprints: { [certs.allowlisted.fingerprint256]: ['reader'] } }) }, env);
    return new Guard(new Reflector(), new Allowlist());
  }

  function handler(): void {
    // a route handler without metadata
  }
  class SomeController {}

  function run(g: { canActivate(context: unknown): boolean }, request: Record<string, unknown>): number {
    const context = { getHandler: () => handler, getClass: () => SomeController, switchToHttp: () => ({ getRequest: () => request }) };
    try {
      return g.canActivate(context) ? 200 : 403;
    } catch (e) {
      return (e as HttpError).getStatus();
    }
  }

  const peer = (fingerprint256: string, validTo: Date) => ({
    subject: { CN: 'client-a', O: 'Guard Coverage Test' },
    issuer: { CN: 'Guard Coverage Test CA' },
    fingerprint256,
    valid_from: new Date(Date.now() - 86400000).toUTCString(),
    valid_to: validTo.toUTCString(),
  });
  const tlsSocket = (authorized: boolean, cert: object) => ({ authorized, remoteAddress: '127.0.0.1', getPeerCertificate: () => cert });
  const tomorrow = (): Date => new Date(Date.now() + 86400000);

  it('direct: lets an authorised, allowlisted certificate through and sets request.user (Express shape)', () => {
    const request: Record<string, unknown> = { socket: tlsSocket(true, peer(certs.allowlisted.fingerprint256, tomorrow())) };
    assert.strictEqual(run(guard({}), request), 200);
    assert.deepStrictEqual(request.user, {
      type: 'client-certificate',
      fingerprint256: certs.allowlisted.fingerprint256,
      subjectCN: 'client-a',
      roles: ['reader'],
    });
  });

  it('direct: reads req.raw.socket (Fastify shape)', () => {
    assert.strictEqual(run(guard({}), { raw: { socket: tlsSocket(true, peer(certs.allowlisted.fingerprint256, tomorrow())) } }), 200);
  });

  it('direct: 401 for an unauthorised socket, an empty certificate object, or an expired certificate', () => {
    const g = guard({});
    assert.strictEqual(run(g, { socket: tlsSocket(false, peer(certs.allowlisted.fingerprint256, tomorrow())) }), 401);
    assert.strictEqual(run(g, { socket: tlsSocket(true, {}) }), 401);
    assert.strictEqual(run(g, { socket: tlsSocket(true, peer(certs.allowlisted.fingerprint256, new Date(Date.now() - 1000))) }), 401);
    assert.strictEqual(run(g, { socket: { remoteAddress: '127.0.0.1' } }), 401);
  });

  it('direct: 403 for a verified certificate that is not allowlisted', () => {
    assert.strictEqual(run(guard({}), { socket: tlsSocket(true, peer(certs.notAllowlisted.fingerprint256, tomorrow())) }), 403);
  });

  it('allowlist: refuses an entry whose roles are not a list of strings or numbers, keeps numeric roles', () => {
    for (const roles of ['reader', [{ name: 'reader' }], [true]]) {
      process.env.MTLS_ALLOWLIST = JSON.stringify({ fingerprints: { [certs.allowlisted.fingerprint256]: roles } });
      assert.throws(() => new Allowlist(), /roles must be a list of strings or numbers/, JSON.stringify(roles));
    }
    const g = guard({ MTLS_ALLOWLIST: JSON.stringify({ fingerprints: { [certs.allowlisted.fingerprint256]: [0, 'reader'] } }) });
    const request: Record<string, unknown> = { socket: tlsSocket(true, peer(certs.allowlisted.fingerprint256, tomorrow())) };
    assert.strictEqual(run(g, request), 200);
    assert.deepStrictEqual((request.user as { roles: unknown }).roles, [0, 'reader']);
  });

  it('direct: ignores forwarded certificate headers when proxy mode is off', () => {
    const request = { socket: { remoteAddress: '127.0.0.1' }, headers: forwarded(certs.allowlisted) };
    assert.strictEqual(run(guard({}), request), 401);
  });

  function forwarded(cert: Issued, verify = 'SUCCESS'): Record<string, string> {
    return { 'x-client-cert': encodeURIComponent(cert.certPem), 'x-client-verify': verify };
  }
  const proxyEnv = { MTLS_PROXY_MODE: 'header', MTLS_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2' };

  it('proxy: trusts the forwarded certificate only from a configured proxy address', () => {
    const g = guard(proxyEnv);
    assert.strictEqual(run(g, { socket: { remoteAddress: '::ffff:10.0.0.1' }, headers: forwarded(certs.allowlisted) }), 200);
    assert.strictEqual(run(g, { raw: { socket: { remoteAddress: '10.0.0.2' } }, headers: forwarded(certs.allowlisted) }), 200);
    assert.strictEqual(run(g, { socket: { remoteAddress: '10.0.0.9' }, headers: forwarded(certs.allowlisted) }), 401);
  });

  it('proxy: 401 without the proxy\'s verification, for an expired certificate, or unreadable PEM; 403 when not allowlisted', () => {
    const g = guard(proxyEnv);
    const from = { socket: { remoteAddress: '10.0.0.1' } };
    assert.strictEqual(run(g, { ...from, headers: forwarded(certs.allowlisted, 'FAILED:unable to verify') }), 401);
    assert.strictEqual(run(g, { ...from, headers: forwarded(certs.expired) }), 401);
    assert.strictEqual(run(g, { ...from, headers: { 'x-client-cert': 'garbage', 'x-client-verify': 'SUCCESS' } }), 401);
    assert.strictEqual(run(g, { ...from, headers: forwarded(certs.notAllowlisted) }), 403);
  });

  it('proxy: refuses to start without trusted proxy addresses', () => {
    assert.throws(() => guard({ MTLS_PROXY_MODE: 'header' }), /MTLS_TRUSTED_PROXIES/);
  });
});
