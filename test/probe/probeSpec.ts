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
 *     "expect": { "DELETE /cats/:id": { "right": 403 } }  // optional: exact status (or "refused"/"reached") per credential
 *   }
 *
 * Credential names starting with `wrong` (and `anonymous`) must be refused on a `protected` route;
 * names starting with `right` must reach it. `public` and `unprotected` routes must be reached by
 * `anonymous`.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Verdict } from '../../src/core/model';
import type { Credential } from './send';

export type Expectation = number | 'refused' | 'reached';

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
      const credentials = { anonymous: {}, ...(raw.credentials ?? {}) };
      return { ...raw, credentials, verdicts: raw.verdicts ?? {}, dir, name };
    });
}

/** A URL path for a route pattern: `:id` from `params` (default `1`), a wildcard as one segment. */
export function concretePath(pattern: string, params: Record<string, string> = {}): string {
  return pattern
    .replace(/\{?\*(\w+)\}?/g, (_m, name: string) => params[name] ?? 'x')
    .replace(/:(\w+)\??/g, (_m, name: string) => encodeURIComponent(params[name] ?? '1'));
}
