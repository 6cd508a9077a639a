/**
 * Serves one fixture app for the verdict probe: its own bootstrap file, required in this process
 * (ts-node, the oracle's hooks), listening on 127.0.0.1 with a free port whatever port it asks for.
 * The environment given is set while the app runs (guards may read it per request) and restored on close.
 */
import type { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';
import type { AddressInfo } from 'net';
import { newSession } from '../oracle/nestHooks';
import { fixtureApps, runEntry } from '../oracle/nestRoutes';
import type { RawRoute } from '../oracle/nestHooks';
import type { CertMatrix } from '../tls/certs';
import { TlsRefusals } from './tlsRefusals';

export interface ServedApp {
  port: number;
  https: boolean;
  /** What Nest registered (method and path as handed to the adapter). */
  routes: RawRoute[];
  /** What the TLS layer refused and why (HTTPS fixtures). */
  refusals?: TlsRefusals;
  close(): Promise<void>;
}

export interface ServeOptions {
  entry?: string;
  env?: Record<string, string>;
  /** Certificates for an HTTPS fixture: written to files named by TLS_KEY_FILE, TLS_CERT_FILE, TLS_CA_FILE. */
  certs?: CertMatrix;
}

export async function serveFixture(dir: string, o: ServeOptions = {}): Promise<ServedApp> {
  const entry = o.entry ?? fixtureApps(dir)[0]?.entry ?? 'src/main.ts';
  const env = { ...(o.env ?? {}), ...(o.certs ? certificateEnv(o.certs) : {}) };
  const saved = new Map(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const restore = (): void => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  forgetModulesUnder(dir);
  const session = newSession(true);
  const closeAll = async (): Promise<void> => {
    for (const app of session.apps) await app.close();
    restore();
  };
  try {
    await runEntry(dir, entry, session);
  } catch (error) {
    await closeAll();
    throw error;
  }
  const server = session.server as (EventEmitter & { address(): AddressInfo | string | null }) | undefined;
  const address = server?.address();
  if (!address || typeof address === 'string') {
    await closeAll();
    throw new Error(`probe: ${entry} did not listen on a TCP port`);
  }
  const https = server instanceof tls.Server;
  return { port: address.port, https, routes: session.routes, ...(https ? { refusals: new TlsRefusals(server) } : {}), close: closeAll };
}

function certificateEnv(certs: CertMatrix): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'probe-pki-'));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  return {
    TLS_KEY_FILE: write('server.key', certs.server.keyPem),
    TLS_CERT_FILE: write('server.crt', certs.server.certPem),
    TLS_CA_FILE: write('ca.crt', certs.caPem),
  };
}

/** A fixture served twice in one process must run its module code again (fresh guards, fresh env reads). */
function forgetModulesUnder(dir: string): void {
  const prefix = path.resolve(dir) + path.sep;
  for (const key of Object.keys(require.cache)) if (key.startsWith(prefix)) delete require.cache[key];
}
