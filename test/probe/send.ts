/**
 * One request of the verdict probe, over HTTP or HTTPS, with the credential's headers, query and
 * client certificate. The outcome says what answered: a status with its body, or the TLS/socket
 * error code that refused the connection. A timeout is its own outcome, never a refusal.
 */
import * as http from 'http';
import * as https from 'https';
import type { Issued } from '../tls/certs';

export type Outcome =
  | { kind: 'status'; status: number; body: string }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'timeout' };

export interface Credential {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** A certificate of the test matrix, by name (`allowlisted`, `notAllowlisted`, `wrongRole`, `expired`, `untrusted`). */
  cert?: string;
}

export interface Target {
  port: number;
  https: boolean;
  ca?: string;
}

const TIMEOUT_MS = 10000;

/** A JSON body (POST, PUT and PATCH send `{}` when none is given) and query values added to the credential's. */
export interface RequestExtras {
  body?: unknown;
  query?: Record<string, string>;
}

export function send(target: Target, method: string, urlPath: string, cred: Credential, client?: Issued, extras: RequestExtras = {}): Promise<Outcome> {
  const query = new URLSearchParams({ ...(cred.query ?? {}), ...(extras.query ?? {}) }).toString();
  const body = extras.body !== undefined ? JSON.stringify(extras.body) : ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
  const options: https.RequestOptions = {
    host: '127.0.0.1',
    port: target.port,
    method,
    path: query ? `${urlPath}?${query}` : urlPath,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cred.headers ?? {}) },
    agent: false,
    ...(target.https ? { ca: target.ca, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) } : {}),
  };
  return new Promise((resolve) => {
    const request = (target.https ? https : http).request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ kind: 'status', status: res.statusCode ?? 0, body: text }));
    });
    const timer = setTimeout(() => {
      resolve({ kind: 'timeout' });
      request.destroy();
    }, TIMEOUT_MS);
    request.on('close', () => clearTimeout(timer));
    request.on('error', (e: NodeJS.ErrnoException) => resolve({ kind: 'refused', code: e.code ?? 'ERROR', message: e.message }));
    request.end(body);
  });
}

/** The handler ran: a 2xx answer. */
export function reached(o: Outcome): boolean {
  return o.kind === 'status' && o.status >= 200 && o.status < 300;
}

/**
 * Refused by the application's access control: 401 or 403, or the TLS layer refusing the client
 * (a handshake alert, or the connection reset while the server rejects the certificate).
 */
export function refused(o: Outcome): boolean {
  if (o.kind === 'status') return o.status === 401 || o.status === 403;
  if (o.kind === 'refused') return /^ERR_SSL_|^ECONNRESET$|^EPROTO$/.test(o.code) || /socket hang up/.test(o.message);
  return false;
}

export function describe(o: Outcome): string {
  if (o.kind === 'status') return `${o.status} ${o.body.slice(0, 120)}`;
  if (o.kind === 'refused') return `connection refused by ${o.code} (${o.message})`;
  return 'no answer within the timeout';
}
