/**
 * One request of a test client (the verdict probe, the TLS end-to-end tests), over HTTP or HTTPS, with
 * the credential's headers, query and client certificate. The outcome says what answered: a status with
 * its body; the TLS layer refusing the client, named by the server's reason or a TLS alert; a connection
 * that failed with nothing naming why (`dropped`); or no answer in time (`timeout`). Only a named
 * refusal or a 401/403 counts as refused: a timeout or a reset never does.
 */
import * as http from 'http';
import * as https from 'https';
import type { Issued } from '../tls/certs';
import type { TlsRefusals } from './tlsRefusals';

export type Outcome =
  | { kind: 'status'; status: number; body: string }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'dropped'; code: string; message: string }
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
  /** The server's record of refused TLS clients, to name a refusal the client sees only as a reset. */
  refusals?: TlsRefusals;
  /** Default 10 s. */
  timeoutMs?: number;
}

const TIMEOUT_MS = 10000;
/** A TLS alert the client received (`ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`, `ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE`). */
const TLS_ALERT = /^ERR_SSL_\w*ALERT_/;

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
    let localPort: number | undefined;
    const request = (target.https ? https : http).request(options, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ kind: 'status', status: res.statusCode ?? 0, body: text }));
    });
    request.on('socket', (socket) => socket.once('connect', () => (localPort = socket.localPort)));
    const timer = setTimeout(() => {
      resolve({ kind: 'timeout' });
      request.destroy();
    }, target.timeoutMs ?? TIMEOUT_MS);
    request.on('close', () => clearTimeout(timer));
    request.on('error', (e: NodeJS.ErrnoException) => {
      void failure(e, localPort, target.refusals).then(resolve);
    });
    request.end(body);
  });
}

async function failure(e: NodeJS.ErrnoException, localPort: number | undefined, refusals: TlsRefusals | undefined): Promise<Outcome> {
  const code = e.code ?? 'ERROR';
  const reason = await refusals?.reasonFor(localPort);
  if (reason) return { kind: 'refused', code: reason, message: `${code}: ${e.message.trim()}` };
  if (TLS_ALERT.test(code)) return { kind: 'refused', code, message: e.message.trim() };
  return { kind: 'dropped', code, message: e.message.trim() };
}

/** The handler ran: a 2xx answer. */
export function reached(o: Outcome): boolean {
  return o.kind === 'status' && o.status >= 200 && o.status < 300;
}

/**
 * What refused the request, or undefined when it was not refused: `tls:<code>` for the TLS layer,
 * `http:<status> <message>` for a 401/403 (the message of NestJS's exception body, else the body).
 */
export function refusal(o: Outcome): string | undefined {
  if (o.kind === 'refused') return `tls:${o.code}`;
  if (o.kind === 'status' && (o.status === 401 || o.status === 403)) return `http:${o.status} ${messageOf(o.body)}`.trim();
  return undefined;
}

export function refused(o: Outcome): boolean {
  return refusal(o) !== undefined;
}

/** `message` of a NestJS exception body (`{ statusCode, message }`), else the body itself, shortened. */
export function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
    if (Array.isArray(parsed.message)) return parsed.message.join('; ');
  } catch {
    // not JSON: the body as it is
  }
  return body.slice(0, 120);
}

export function describe(o: Outcome): string {
  if (o.kind === 'status') return `${o.status} ${o.body.slice(0, 120)}`;
  if (o.kind === 'refused') return `refused by TLS: ${o.code} (${o.message.slice(0, 160)})`;
  if (o.kind === 'dropped') return `connection dropped with nothing naming why: ${o.code} (${o.message.slice(0, 160)})`;
  return 'no answer within the timeout';
}
