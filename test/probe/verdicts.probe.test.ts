import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../src/core/analyzer';
import type { AnalyzedRoute } from '../../src/core/model';
import { createMatrix, type CertMatrix } from '../tls/certs';
import { concretePath, readProbeSpecs, type Expectation, type ProbeSpec } from './probeSpec';
import { describe as describeOutcome, reached, refusal, refused, send, type Outcome, type RequestExtras } from './send';
import { serveFixture, type ServedApp } from './serve';

/**
 * Ground truth for verdicts: every fixture with a `probe.json` is analysed statically, then booted
 * with NestJS and sent real requests (anonymous, wrong and right credentials; client certificates
 * for HTTPS fixtures). A route the analysis calls `protected` must refuse every wrong credential and
 * admit a right one; a `public` or `unprotected` route must be reached anonymously.
 */
const FIXTURES = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}out${path.sep}`) ? ['..'] : []), 'test', 'fixtures');
const specs = readProbeSpecs(FIXTURES);

const routeKey = (r: AnalyzedRoute): string => `${r.httpMethod} ${r.path}`;

describe('verdicts against the running app (probe)', function () {
  this.timeout(60000);

  it('finds the probed fixtures', () => {
    assert.ok(specs.length > 0, `no probe.json under ${FIXTURES}`);
  });

  for (const spec of specs) {
    describe(spec.name, function () {
      let routes: AnalyzedRoute[] = [];
      let app: ServedApp | undefined;
      let certs: CertMatrix | undefined;

      before(async function () {
        const result = analyzeWorkspace(spec.dir, spec.app ? { project: spec.app } : {});
        routes = result.apps[0]?.routes ?? [];
        certs = spec.tls ? createMatrix() : undefined;
        app = await serveFixture(spec.dir, { ...(spec.entry ? { entry: spec.entry } : {}), ...(spec.env ? { env: spec.env } : {}), ...(certs ? { certs } : {}) });
      });

      after(async () => app?.close());

      it('the analysis gives each route the expected verdict', () => {
        const actual = Object.fromEntries(routes.map((r) => [routeKey(r), r.verdict ?? 'none']));
        assert.strictEqual(new Set(routes.map(routeKey)).size, routes.length, 'route keys are unique');
        assert.deepStrictEqual(actual, spec.verdicts, `static verdicts of ${spec.name}; why: ${routes.map((r) => `${routeKey(r)}: ${r.why}`).join(' | ')}`);
      });

      it('NestJS serves every analysed route', () => {
        const served = new Set((app?.routes ?? []).map((r) => `${r.httpMethod} ${r.path === '/' ? '/' : r.path.replace(/\/$/, '')}`));
        for (const r of routes) assert.ok(served.has(routeKey(r)), `${routeKey(r)} is not registered by Nest (${[...served].join(', ')})`);
      });

      const ask = (r: AnalyzedRoute, name: string, params: Record<string, string> | undefined, extras: RequestExtras): Promise<Outcome> => {
        const cred = spec.credentials[name];
        const client = cred.cert ? certs?.[cred.cert as keyof CertMatrix] : undefined;
        if (cred.cert && (!client || typeof client === 'string')) throw new Error(`${spec.name}: no certificate '${cred.cert}' in the matrix`);
        const method = r.httpMethod === 'ALL' ? 'GET' : r.httpMethod;
        const url = concretePath(r.path, { ...(spec.params ?? {}), ...(params ?? {}) });
        return send({ port: app?.port ?? 0, https: app?.https ?? false, ca: certs?.caPem, refusals: app?.refusals }, method, url, cred, typeof client === 'object' ? client : undefined, extras);
      };

      it('the requests reach exactly what the verdicts say', async () => {
        const problems: string[] = [];
        for (const r of routes) {
          const key = routeKey(r);
          for (const name of Object.keys(spec.credentials)) {
            const outcome = await ask(r, name, undefined, {});
            const expected = spec.expect?.[key]?.[name] ?? implied(r.verdict, name);
            if (expected !== undefined && !meets(outcome, expected)) {
              problems.push(`${key} as ${name}: expected ${JSON.stringify(expected)} (verdict ${r.verdict}), got ${describeOutcome(outcome)}`);
            }
          }
        }
        assert.deepStrictEqual(problems, []);
      });

      if (spec.requests?.length) {
        it('each listed request gets what it expects (in order)', async () => {
          const problems: string[] = [];
          for (const q of spec.requests ?? []) {
            const extras = { ...(q.body !== undefined ? { body: q.body } : {}), ...(q.query ? { query: q.query } : {}) };
            const target = q.route ?? `${q.method} ${q.path}`;
            let outcome: Outcome;
            if (q.route === undefined) {
              outcome = await send({ port: app?.port ?? 0, https: app?.https ?? false, ca: certs?.caPem }, q.method ?? 'GET', q.path ?? '/', spec.credentials[q.as], undefined, extras);
            } else {
              const r = routes.find((x) => routeKey(x) === q.route);
              if (!r) {
                problems.push(`${q.route}: not among the analysed routes`);
                continue;
              }
              outcome = await ask(r, q.as, q.params, extras);
            }
            if (!meets(outcome, q.expect)) {
              problems.push(`${target} as ${q.as}${q.note ? ` (${q.note})` : ''}: expected ${JSON.stringify(q.expect)}, got ${describeOutcome(outcome)}`);
            }
          }
          assert.deepStrictEqual(problems, []);
        });
      }
    });
  }
});

function implied(verdict: AnalyzedRoute['verdict'], credential: string): Expectation | undefined {
  const bad = credential === 'anonymous' || credential.startsWith('wrong');
  if (verdict === 'protected') return bad ? 'refused' : credential.startsWith('right') ? 'reached' : undefined;
  if (verdict === 'public' || verdict === 'unprotected') return credential === 'anonymous' ? 'reached' : undefined;
  return undefined;
}

function meets(o: Outcome, e: Expectation): boolean {
  if (e === 'refused') return refused(o);
  if (e === 'reached') return reached(o);
  // Only where probe.json says so: an app that drops the connection of a bad credential.
  if (e === 'dropped') return o.kind === 'dropped';
  if (typeof e === 'string') return refusal(o) === e;
  if (typeof e === 'number') return o.kind === 'status' && o.status === e;
  if (o.kind !== 'status') return false;
  return (e.status === undefined || o.status === e.status) && (e.body === undefined || o.body === e.body)
    && (e.bodyIncludes === undefined || o.body.includes(e.bodyIncludes));
}

export type { ProbeSpec };
