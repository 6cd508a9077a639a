import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { createMatrix, type CertMatrix, type Issued } from './certs';
import { assertRefusedBy, assertStatus, call, start, type Outcome, type RunningApp } from './server';
import { applyMtlsFixes, applyMtlsFixesFastify, copyFixture } from './support';

/**
 * End to end: the fixture app gets the fixes from the core, is loaded with ts-node from a temp copy,
 * served over HTTPS on 127.0.0.1 with generated certificates, and called with each client certificate.
 */

/** Node's TLS layer with requestCert and rejectUnauthorized, as the server records each refusal. */
const NO_CERTIFICATE = 'tls:ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE';
const UNTRUSTED_CA = 'tls:UNABLE_TO_VERIFY_LEAF_SIGNATURE';
const EXPIRED = 'tls:CERT_HAS_EXPIRED';
/** The generated MtlsAuthGuard's exceptions. */
const GUARD_401 = 'http:401 Unauthorized';
const GUARD_403 = 'http:403 Forbidden';

/** A denial names nothing from the certificate (subject, issuer, fingerprint). */
function assertNoCertificateDetails(o: Outcome, cert: Issued): void {
  const body = o.kind === 'status' ? o.body : '';
  for (const leak of ['client-', 'Guard Coverage Test', cert.fingerprint256, cert.fingerprint256.replace(/:/g, '')]) {
    assert.ok(!body.includes(leak), `response body leaks ${leak}: ${body}`);
  }
}

describe('mTLS end to end over real TLS (Express)', function () {
  this.timeout(120000);
  let certs: CertMatrix;
  let root: string;
  let app: RunningApp | undefined;

  before(async function () {
    certs = createMatrix();
    root = copyFixture('fix-basic', 'tls-express');
    const applied = applyMtlsFixes(root);
    assert.strictEqual(applied.length, 6);
    app = await start(root, certs);
  });

  after(async function () {
    await app?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (urlPath: string, client?: Issued, method = 'GET'): Promise<Outcome> =>
    call(app, certs.caPem, method, urlPath, client);

  it('refuses a client without a certificate', async function () {
    assertRefusedBy(await get('/orders'), NO_CERTIFICATE, 'no certificate');
  });

  it('refuses a certificate from an untrusted CA (same CN as an allowlisted client)', async function () {
    assertRefusedBy(await get('/orders', certs.untrusted), UNTRUSTED_CA, 'untrusted CA');
  });

  it('refuses an expired certificate', async function () {
    assertRefusedBy(await get('/orders', certs.expired), EXPIRED, 'expired');
  });

  it('answers 403 to a valid certificate that is not allowlisted', async function () {
    assertRefusedBy(await get('/orders', certs.notAllowlisted), GUARD_403, 'not allowlisted');
  });

  it('answers 403 to an allowlisted certificate without the route role', async function () {
    assertRefusedBy(await get('/orders', certs.wrongRole), GUARD_403, 'wrong role');
  });

  it('says nothing about the certificate in a denial', async function () {
    assertNoCertificateDetails(await get('/orders', certs.notAllowlisted), certs.notAllowlisted);
    assertNoCertificateDetails(await get('/orders', certs.wrongRole), certs.wrongRole);
  });

  it('answers 200 to the allowlisted certificate on its route', async function () {
    assertStatus(await get('/orders', certs.allowlisted), 200, 'allowlisted reader on GET /orders');
  });

  it('answers 403 to the allowlisted certificate on a route needing another role', async function () {
    assertRefusedBy(await get('/orders/1', certs.allowlisted, 'DELETE'), GUARD_403, 'reader on DELETE /orders/1 (admin)');
  });

  it('keeps the ownership skeleton failing closed', async function () {
    assertRefusedBy(await get('/orders/1', certs.allowlisted), 'http:403 Ownership check not implemented', 'GET /orders/1 before the ownership check is written');
  });

  it('lets the public marker through the guard', async function () {
    assertStatus(await get('/health', certs.notAllowlisted), 200, 'public /health with a valid certificate');
  });
});

/**
 * Defence in depth: the same app with the TLS layer told not to reject (`rejectUnauthorized: false`,
 * edited in by this test, not by a fix). The guard alone must then refuse, with 401.
 */
describe('mTLS end to end: the guard alone, when the TLS layer does not reject (Express)', function () {
  this.timeout(120000);
  let certs: CertMatrix;
  let root: string;
  let app: RunningApp | undefined;

  before(async function () {
    certs = createMatrix();
    root = copyFixture('fix-basic', 'tls-noreject');
    applyMtlsFixes(root);
    const main = path.join(root, 'src', 'main.ts');
    const text = fs.readFileSync(main, 'utf8');
    assert.ok(text.includes('rejectUnauthorized: true'));
    fs.writeFileSync(main, text.replace('rejectUnauthorized: true', 'rejectUnauthorized: false'));
    app = await start(root, certs);
  });

  after(async function () {
    await app?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (urlPath: string, client?: Issued): Promise<Outcome> => call(app, certs.caPem, 'GET', urlPath, client);

  it('answers 401 without a certificate', async function () {
    assertRefusedBy(await get('/orders'), GUARD_401, 'no certificate');
  });

  it('answers 401 to an untrusted CA even though its CN is allowlisted', async function () {
    assertRefusedBy(await get('/orders', certs.untrusted), GUARD_401, 'untrusted CA');
  });

  it('answers 401 to an expired certificate even though its fingerprint is allowlisted', async function () {
    assertRefusedBy(await get('/orders', certs.expired), GUARD_401, 'expired');
  });

  it('still answers 200 to the allowlisted certificate', async function () {
    assertStatus(await get('/orders', certs.allowlisted), 200, 'allowlisted');
  });
});

/**
 * The Fastify fixture imports through its tsconfig alias `@app/*`; a Nest project runs that with
 * tsconfig-paths. This test maps the alias itself while its app loads, and restores the resolver.
 */
function withAlias<T>(prefix: string, dir: string, load: () => T): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = Module._resolveFilename;
  Module._resolveFilename = (request: string, ...rest: unknown[]) =>
    original(request.startsWith(prefix) ? path.join(dir, request.slice(prefix.length)) : request, ...rest);
  try {
    return load();
  } finally {
    Module._resolveFilename = original;
  }
}

describe('mTLS end to end over real TLS (Fastify)', function () {
  this.timeout(120000);
  let certs: CertMatrix;
  let root: string;
  let app: RunningApp | undefined;

  before(async function () {
    certs = createMatrix();
    root = copyFixture('fix-fastify', 'tls-fastify');
    assert.strictEqual(applyMtlsFixesFastify(root).length, 5);
    app = await withAlias('@app/', path.join(root, 'src'), () => start(root, certs));
  });

  after(async function () {
    await app?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (urlPath: string, client?: Issued, method = 'GET'): Promise<Outcome> =>
    call(app, certs.caPem, method, urlPath, client);

  it('refuses no certificate, an untrusted CA and an expired certificate', async function () {
    assertRefusedBy(await get('/items'), NO_CERTIFICATE, 'no certificate');
    assertRefusedBy(await get('/items', certs.untrusted), UNTRUSTED_CA, 'untrusted CA');
    assertRefusedBy(await get('/items', certs.expired), EXPIRED, 'expired');
  });

  it('answers 403 when not allowlisted or without the role', async function () {
    assertRefusedBy(await get('/items', certs.notAllowlisted), GUARD_403, 'not allowlisted');
    assertRefusedBy(await get('/items', certs.wrongRole), GUARD_403, 'wrong role');
  });

  it('answers 200 to the allowlisted reader and 403 on the admin route', async function () {
    assertStatus(await get('/items', certs.allowlisted), 200, 'reader on GET /items');
    assertRefusedBy(await get('/items/1', certs.allowlisted, 'DELETE'), GUARD_403, 'reader on DELETE /items/1');
  });
});
