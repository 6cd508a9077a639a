/**
 * `probe.json` of a verdict fixture: what the static analysis must say per route, and the
 * credentials to show it with. Read by `verdicts.probe.test.ts`.
 *
 *   {
 *     "env": { "API_KEY": "k1" },                 // set while the app runs
 *     "tls": true,                                // HTTPS fixture: TLS_KEY_FILE/TLS_CERT_FILE/TLS_CA_FILE are given
 *     "credentials": {                            // besides "anonymous" (nothing), always sent
 *       "wrong": { "headers": { "x-api-key": "nope" } },
 *       "right": { "headers": { "x-api-key": "k1" }, "cert": "allowlisted" }
 *     },
 *     "params": { "id": "1" },                    // path parameter values (default "1")
 *     "verdicts": { "GET /cats": "protected" },   // every route of the analysis, exactly
 *     "expect": { "DELETE /cats/:id": { "right": 403 } }, // optional, per credential: an exact status, "reached",
 *                                                 // "refused", or what refused: "tls:CERT_HAS_EXPIRED", "http:403 Forbidden resource",
 *                                                 // or "dropped" (the app closes the connection unanswered: never implied)
 *     "requests": [                               // optional: single requests, e.g. one user asking for another's object
 *       { "route": "GET /cats/:id", "as": "alice", "params": { "id": "2" }, "expect": 403, "note": "bob's cat" },
 *       { "route": "PUT /cats/:id", "as": "alice", "body": { "ownerId": "2" }, "query": { "force": "true" },
 *         "expect": { "status": 200, "bodyIncludes": "\"ownerId\":\"2\"" } },
 *       { "method": "GET", "path": "/cats/1/photos", "as": "anonymous", "expect": 404 }   // a path that is no route
 *     ]
 *   }
 *
 * Credential names starting with `wrong` (and `anonymous`) must be refused on a `protected` route;
 * names starting with `right` must reach it. `public` and `unprotected` routes must be reached by
 * `anonymous`. An expectation is a status, `refused` (401/403 or the TLS layer), `reached` (2xx), or
 * `{ status?, body?, bodyIncludes? }` for a handler that answers 2xx either way and only its body says
 * whether the effect happened. A request of `requests` is sent as the named credential (its headers,
 * query and certificate) with its own path parameters, query (added) and JSON body.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Verdict } from '../../src/core/model';
import type { Credential } from './send';

/** The answer's status and body, for a handler that answers 2xx whether or not its effect happened. */
export interface BodyExpectation {
  status?: number;
  body?: string;
  bodyIncludes?: string;
}

/** `tls:<code>` / `http:<status> <message>`: refused by exactly that (test/probe/send.ts `refusal`). */
export type Expectation = number | 'refused' | 'reached' | 'dropped' | `tls:${string}` | `http:${string}` | BodyExpectation;

/**
 * One request of `requests`: a route (with its own parameters), or a concrete `method` and `path` that is
 * no analysed route (a sub-path, another method, a path a middleware is mounted on); a credential by
 * name, its query and body, what it must get.
 */
export interface ProbeRequest {
  route?: string;
  method?: string;
  path?: string;
  as: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  expect: Expectation;
  note?: string;
}

export interface ProbeSpec {
  dir: string;
  name: string;
  app?: string;
  entry?: string;
  env?: Record<string, string>;
  tls?: boolean;
  credentials: Record<string, Credential>;
  params?: Record<string, string>;
  verdicts: Record<string, Verdict>;
  expect?: Record<string, Record<string, Expectation>>;
  requests?: ProbeRequest[];
}

const VERDICTS: readonly string[] = ['protected', 'public', 'unprotected', 'unknown'];

export function readProbeSpecs(fixturesDir: string): ProbeSpec[] {
  return fs.readdirSync(fixturesDir)
    .sort()
    .filter((name) => fs.existsSync(path.join(fixturesDir, name, 'probe.json')))
    .map((name) => {
      const dir = path.join(fixturesDir, name);
      const raw = JSON.parse(fs.readFileSync(path.join(dir, 'probe.json'), 'utf8')) as Omit<ProbeSpec, 'dir' | 'name'>;
      for (const [route, v] of Object.entries(raw.verdicts ?? {})) {
        if (!VERDICTS.includes(v)) throw new Error(`${name}/probe.json: ${route} has no verdict '${v}'`);
      }
      for (const [route, byCred] of Object.entries(raw.expect ?? {})) {
        for (const [cred, e] of Object.entries(byCred)) {
          if (!isExpectation(e)) throw new Error(`${name}/probe.json: expect ${route} ${cred}: ${JSON.stringify(e)} is no status, 'reached', 'refused', 'tls:CODE', 'http:STATUS MESSAGE' or { status, body, bodyIncludes }`);
        }
      }
      const credentials = { anonymous: {}, ...(raw.credentials ?? {}) };
      for (const r of raw.requests ?? []) {
        const target = r.route ?? `${r.method} ${r.path}`;
        if (!(r.as in credentials)) throw new Error(`${name}/probe.json: request to ${target} as unknown credential '${r.as}'`);
        if (r.route === undefined && (!r.method || !r.path)) throw new Error(`${name}/probe.json: a request needs a route, or a method and a path`);
        if (r.route !== undefined && !(r.route in (raw.verdicts ?? {}))) throw new Error(`${name}/probe.json: request to ${r.route}, a route not in verdicts`);
        if (!isExpectation(r.expect)) throw new Error(`${name}/probe.json: request to ${target}: ${JSON.stringify(r.expect)} is no expectation`);
      }
      return { ...raw, credentials, verdicts: raw.verdicts ?? {}, dir, name };
    });
}

function isExpectation(e: unknown): e is Expectation {
  if (typeof e === 'number') return Number.isInteger(e);
  if (typeof e === 'object' && e !== null) return Object.keys(e).every((k) => ['status', 'body', 'bodyIncludes'].includes(k));
  return typeof e === 'string' && (e === 'reached' || e === 'refused' || e === 'dropped' || /^tls:\w+$/.test(e) || /^http:40[13]( |$)/.test(e));
}

/** A URL path for a route pattern: `:id` from `params` (default `1`), a wildcard as one segment. */
export function concretePath(pattern: string, params: Record<string, string> = {}): string {
  return pattern
    .replace(/\{?\*(\w+)\}?/g, (_m, name: string) => params[name] ?? 'x')
    .replace(/:(\w+)\??/g, (_m, name: string) => encodeURIComponent(params[name] ?? '1'));
}
