import * as assert from 'assert';
import type { EventEmitter } from 'events';
import * as fs from 'fs';
import type { AddressInfo } from 'net';
import * as path from 'path';
import type * as TsNode from 'ts-node';
import { describe, refusal, send, type Outcome } from '../probe/send';
import { TlsRefusals } from '../probe/tlsRefusals';
import type { CertMatrix, Issued } from './certs';

/** Serving a fixture copy over real HTTPS and calling it with a client certificate (or none). */

export type { Outcome };

export interface RunningApp {
  port: number;
  /** What the server's TLS layer refused, per connection (names a refusal the client sees as a reset). */
  refusals: TlsRefusals;
  close(): Promise<void>;
}

/** One request, as the verdict probe sends it (test/probe/send.ts: one definition of what refused). */
export function call(app: RunningApp | undefined, ca: string, method: string, urlPath: string, client?: Issued): Promise<Outcome> {
  if (!app) throw new Error('the app did not start');
  return send({ port: app.port, https: true, ca, refusals: app.refusals }, method, urlPath, {}, client);
}

let tsNodeRegistered = false;
export function registerTsNode(): void {
  if (tsNodeRegistered) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('ts-node') as typeof TsNode).register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: {
      target: 'ES2022',
      module: 'commonjs',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
    },
  });
  tsNodeRegistered = true;
}

const ENV_KEYS = ['TLS_KEY_FILE', 'TLS_CERT_FILE', 'TLS_CA_FILE', 'MTLS_ALLOWLIST_FILE', 'MTLS_ALLOWLIST', 'MTLS_PROXY_MODE'];

/** The allowlist most tests use: a reader, an auditor (wrong role), an expired reader, a reader CN. */
export function defaultAllowlist(certs: CertMatrix): object {
  return {
    fingerprints: {
      [certs.allowlisted.fingerprint256]: ['reader'],
      [certs.wrongRole.fingerprint256.toLowerCase().replace(/:/g, '')]: ['auditor'],
      [certs.expired.fingerprint256]: ['reader'],
    },
    // The untrusted CA's client has this CN too; only verification keeps it out.
    subjects: { 'client-a': ['reader'] },
  };
}

/** Writes the PEMs and allowlist, points the env vars at them, and starts the app's `bootstrap(0)`. */
export async function start(root: string, certs: CertMatrix, allowlist: object = defaultAllowlist(certs)): Promise<RunningApp> {
  const files = path.join(root, 'pki');
  fs.mkdirSync(files, { recursive: true });
  const write = (name: string, text: string): string => {
    const p = path.join(files, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const saved = new Map(ENV_KEYS.map((k) => [k, process.env[k]]));
  process.env.TLS_KEY_FILE = write('server.key', certs.server.keyPem);
  process.env.TLS_CERT_FILE = write('server.crt', certs.server.certPem);
  process.env.TLS_CA_FILE = write('ca.crt', certs.caPem);
  process.env.MTLS_ALLOWLIST_FILE = write('allowlist.json', JSON.stringify(allowlist));
  delete process.env.MTLS_ALLOWLIST;
  delete process.env.MTLS_PROXY_MODE;
  registerTsNode();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(path.join(root, 'src', 'main.ts')) as {
      bootstrap(port: number, host: string): Promise<{ getHttpServer(): EventEmitter & { address(): AddressInfo }; close(): Promise<void> }>;
    };
    const app = await main.bootstrap(0, '127.0.0.1');
    const server = app.getHttpServer();
    return { port: server.address().port, refusals: new TlsRefusals(server), close: () => app.close() };
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export function assertStatus(o: Outcome, status: number, what: string): void {
  assert.strictEqual(o.kind === 'status' ? o.status : describe(o), status, what);
}

/**
 * Refused, and by what: `tls:<code>` (the server's TLS layer, e.g. `tls:CERT_HAS_EXPIRED`) or
 * `http:<status> <message>` (the guard's exception). A timeout or a bare reset never matches.
 */
export function assertRefusedBy(o: Outcome, expected: string, what: string): void {
  assert.strictEqual(refusal(o) ?? describe(o), expected, `${what}: expected refused by ${expected}`);
}
