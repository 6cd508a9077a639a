/**
 * What counts as refused for the probe and the TLS tests (test/probe/send.ts): a 401/403 named by its
 * body, or the TLS layer named by its reason. A timeout, a reset or a closed port is never a refusal.
 */
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { describe as describeOutcome, reached, refusal, refused, send, type Outcome } from '../../probe/send';

async function serve(handler: http.RequestListener): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

async function outcomeOf(handler: http.RequestListener): Promise<Outcome> {
  const app = await serve(handler);
  try {
    return await send({ port: app.port, https: false, timeoutMs: 300 }, 'GET', '/x', {});
  } finally {
    await app.close();
  }
}

describe('probe outcomes: what refused', () => {
  it("names a 401/403 by NestJS's exception message", async () => {
    const o = await outcomeOf((_q, res) => res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"Forbidden resource","error":"Forbidden","statusCode":403}'));
    assert.strictEqual(refusal(o), 'http:403 Forbidden resource');
    assert.strictEqual(reached(o), false);
  });

  it('names a plain-text 401 by its body', async () => {
    assert.strictEqual(refusal(await outcomeOf((_q, res) => res.writeHead(401).end('no session'))), 'http:401 no session');
  });

  it('a server that never answers is a timeout, not a refusal', async () => {
    const o = await outcomeOf(() => { /* never answers */ });
    assert.deepStrictEqual(o, { kind: 'timeout' });
    assert.strictEqual(refused(o), false);
    assert.strictEqual(describeOutcome(o), 'no answer within the timeout');
  });

  it('a connection closed without an answer is dropped, not refused', async () => {
    const o = await outcomeOf((req) => req.socket.destroy());
    assert.strictEqual(o.kind, 'dropped');
    assert.strictEqual(refused(o), false);
  });

  it('a port nobody listens on is dropped, not refused', async () => {
    const app = await serve(() => undefined);
    await app.close();
    const o = await send({ port: app.port, https: false, timeoutMs: 300 }, 'GET', '/', {});
    assert.deepStrictEqual([o.kind, o.kind === 'dropped' ? o.code : ''], ['dropped', 'ECONNREFUSED']);
    assert.strictEqual(refused(o), false);
  });

  it('a 2xx is reached; a 404 or 500 is neither reached nor refused', async () => {
    assert.strictEqual(reached(await outcomeOf((_q, res) => res.end('ok'))), true);
    for (const status of [404, 500]) {
      const o = await outcomeOf((_q, res) => res.writeHead(status).end());
      assert.deepStrictEqual([reached(o), refused(o)], [false, false], String(status));
    }
  });
});
