/**
 * The verdict decided from protection sources, branch by branch, with exact verdicts and whys. Written
 * against the mutants StrykerJS left alive in protection.ts and routeVerdict.ts (docs/testing.md):
 * each case pins one decision a planted bug would flip, most of all the ones that would turn a route
 * `protected` (an authenticating source that does not run, or runs with a weakness that lets requests
 * through). Sources are plain data (`ProtectionSource`, the model's contract), so a rewrite of how
 * sources are produced keeps these meaningful.
 */
import * as assert from 'assert';
import type { MetadataEntry, ProtectionSource, Route, Weakness } from '../../../src/core/model';
import { decideVerdict } from '../../../src/core/semantics/routeVerdict';
import { entry, route } from './testHost';

const source = (extra: Partial<ProtectionSource>): ProtectionSource => ({
  origin: 'guard', name: 'G', kind: 'authentication', applies: 'yes', why: 'verifies a token', weaknesses: [], ...extra,
});
const passes = (code: string, detail = 'lets it through'): Weakness => ({ code, detail, effect: 'passes' });
const uncertain = (code: string, detail = 'may let it through'): Weakness => ({ code, detail, effect: 'uncertain' });
const plain = route('C', 'h', 'GET', '/a');
const marked = (metadata: MetadataEntry[] = [entry('isPublic', 'public', 'handler', 'Public')]): Route => route('C', 'h', 'GET', '/a', { public: true, metadata });
const decide = (sources: ProtectionSource[], r: Route = plain) => decideVerdict(r, sources);
const verdict = (sources: ProtectionSource[], r: Route = plain) => decide(sources, r).verdict;

describe('verdict decision: what may make a route protected', () => {
  it('only a source that runs ("yes"), authenticates and has no weakness protects', () => {
    assert.strictEqual(verdict([source({})]), 'protected');
    assert.strictEqual(verdict([source({ applies: 'maybe', maybe: 'may be skipped' })]), 'unknown');
    assert.strictEqual(verdict([source({ applies: 'no', off: { by: 'opt-in', what: 'auth' } })]), 'unprotected');
    assert.strictEqual(verdict([source({ kind: 'authorization', why: 'reads roles' })]), 'unprotected');
    assert.strictEqual(verdict([source({ kind: 'unknown', why: 'calls a service' })]), 'unknown');
    assert.strictEqual(verdict([source({ kind: 'non-security', why: 'logs' })]), 'unprotected');
    assert.strictEqual(verdict([source({ weaknesses: [passes('w')] })]), 'unprotected');
    assert.strictEqual(verdict([source({ weaknesses: [uncertain('w')] })]), 'unknown');
  });

  it('a weakness that lets requests through wins over one that is only uncertain, and the why names it', () => {
    const s = source({ name: 'CertGuard', weaknesses: [uncertain('u-code', 'may read a forwarded header'), passes('p-code', 'an absent certificate is {}')] });
    assert.deepStrictEqual(decide([s]), { verdict: 'unprotected', why: 'no guard authenticates: CertGuard does not authenticate: an absent certificate is {} [p-code]' });
  });

  it('an authentication source that may run but lets requests through is unprotected, not unknown', () => {
    const s = source({ name: 'KeyMw', origin: 'middleware', applies: 'maybe', maybe: 'KeyMw may apply', weaknesses: [passes('no-authentication', 'skips POST')] });
    assert.deepStrictEqual(decide([s]), { verdict: 'unprotected', why: 'no guard in the chain and no authentication middleware' });
  });

  it('an unknown source with a weakness that lets requests through does not leave the route undecided', () => {
    const s = source({ name: 'OddGuard', kind: 'unknown', why: 'calls a service', weaknesses: [passes('mtls-empty-cert-check', 'an absent certificate is {}')] });
    assert.deepStrictEqual(decide([s]), { verdict: 'unprotected', why: 'no guard authenticates: OddGuard does not authenticate: an absent certificate is {} [mtls-empty-cert-check]' });
    const unsure = source({ name: 'OddGuard', kind: 'unknown', why: 'calls a service', weaknesses: [uncertain('x')] });
    assert.deepStrictEqual(decide([unsure]), { verdict: 'unknown', why: 'cannot tell whether OddGuard authenticates (calls a service)' });
  });

  it('several authenticating sources are all named, each once', () => {
    const a = source({ name: 'A', why: 'verifies a JWT' });
    const b = source({ name: 'B', why: 'compares an API key' });
    const c = source({ origin: 'middleware', name: 'C', why: 'checks a session' });
    assert.strictEqual(decide([a, b, c]).why, 'A (verifies a JWT), B (compares an API key) and middleware C (checks a session) authenticate');
    assert.strictEqual(decide([a, b]).why, 'A (verifies a JWT) and B (compares an API key) authenticate');
    assert.strictEqual(decide([a, { ...a }]).why, 'A authenticates (verifies a JWT)');
  });

  it('a public marker the authenticating guard ignores is said; middleware does not read markers', () => {
    assert.strictEqual(decide([source({ name: 'KeyGuard' })], marked()).why, 'KeyGuard authenticates (verifies a token); the public marker is ignored by KeyGuard');
    assert.strictEqual(decide([source({ origin: 'middleware', name: 'Jwt' })], marked()).why, 'middleware Jwt authenticates (verifies a token)');
    assert.strictEqual(decide([source({ name: 'KeyGuard' })]).why, 'KeyGuard authenticates (verifies a token)');
  });
});

describe('verdict decision: public needs an exemption a source really applies', () => {
  it('a marker or path exemption of an authentication or unknown source is public', () => {
    const off = (kind: ProtectionSource['kind'], by: 'marker' | 'path') => source({ name: 'Jwt', kind, applies: 'no', off: { by, what: '@Public' } });
    for (const kind of ['authentication', 'unknown'] as const) {
      for (const by of ['marker', 'path'] as const) {
        assert.deepStrictEqual(decide([off(kind, by)], marked()), { verdict: 'public', why: 'marked public by @Public, honoured by Jwt' }, `${kind} off by ${by}`);
      }
    }
  });

  it('switching off a guard that never authenticated does not make the route public', () => {
    const roles = source({ name: 'RolesGuard', kind: 'authorization', why: 'reads roles', applies: 'no', off: { by: 'marker', what: '@Public' } });
    assert.deepStrictEqual(decide([roles]), {
      verdict: 'unprotected',
      why: 'no guard authenticates: RolesGuard is switched off by @Public and is not an authentication guard (reads roles)',
    });
    const opt = source({ name: 'Jwt', applies: 'no', off: { by: 'opt-in', what: 'requireAuth' } });
    assert.deepStrictEqual(decide([opt]), { verdict: 'unprotected', why: 'no guard authenticates: Jwt is opt-in and the route has no requireAuth metadata' });
    const excluded = source({ origin: 'middleware', name: 'AuthMw', applies: 'no', off: { by: 'not-applied', what: "exclude('a') skips it" } });
    assert.deepStrictEqual(decide([excluded]), {
      verdict: 'unprotected', why: "no guard in the chain and no authentication middleware; middleware AuthMw does not run for it: exclude('a') skips it",
    });
  });

  it('a public route where a source of unknown effect still runs says so', () => {
    const jwt = source({ name: 'Jwt', applies: 'no', off: { by: 'marker', what: '@Public' } });
    const odd = source({ name: 'OddGuard', kind: 'unknown', why: 'calls a service' });
    const optedOut = source({ name: 'Quiet', kind: 'unknown', applies: 'no', off: { by: 'opt-in', what: 'x' } });
    assert.deepStrictEqual(decide([jwt, odd, optedOut], marked()), {
      verdict: 'public', why: 'marked public by @Public, honoured by Jwt; OddGuard still runs (effect unknown)',
    });
    assert.strictEqual(decide([jwt, optedOut], marked()).why, 'marked public by @Public, honoured by Jwt');
  });

  it('a marker no guard reads leaves the route unprotected and says so', () => {
    assert.deepStrictEqual(decide([], marked()), {
      verdict: 'unprotected', why: 'no guard in the chain and no authentication middleware; @Public marks it public, but no guard in the chain reads that marker',
    });
    const notMarked = route('C', 'h', 'GET', '/a', { public: false, metadata: [entry('isPublic', 'public', 'handler', 'Public')] });
    assert.strictEqual(decide([], notMarked).why, 'no guard in the chain and no authentication middleware');
  });
});

describe('verdict decision: unknown and unprotected, with their whys', () => {
  it('undecided sources that run are named together, the first one explained', () => {
    const a = source({ name: 'A', kind: 'unknown', why: 'calls a service' });
    const b = source({ name: 'B', weaknesses: [uncertain('x-code', 'may pass')] });
    assert.deepStrictEqual(decide([a, b]), { verdict: 'unknown', why: 'cannot tell whether A or B authenticates (A: calls a service)' });
    assert.deepStrictEqual(decide([b]), { verdict: 'unknown', why: 'cannot tell whether B authenticates (may pass [x-code])' });
  });

  it('a guard that may be switched off, and a non-guard that may apply, are unknown with their words', () => {
    assert.deepStrictEqual(decide([source({ name: 'Jwt', applies: 'maybe', maybe: 'returns true when x is truthy' })]), {
      verdict: 'unknown', why: 'cannot tell whether Jwt runs: it returns true when x is truthy',
    });
    assert.deepStrictEqual(decide([source({ name: 'Jwt', applies: 'maybe' })]), { verdict: 'unknown', why: 'cannot tell whether Jwt runs: it may be switched off' });
    assert.deepStrictEqual(decide([source({ origin: 'interceptor', name: 'AuthIc', applies: 'maybe' })]), {
      verdict: 'unknown', why: 'no authentication guard found, but interceptor AuthIc may apply',
    });
  });

  it('an unresolved chain entry makes it unknown unless it is shown to be unable to add a guard', () => {
    const unresolved = { reason: 'guard not resolved: x' };
    const r = route('C', 'h', 'GET', '/a', { unresolved: [unresolved] });
    assert.deepStrictEqual(decideVerdict(r, []), { verdict: 'unknown', why: 'no authentication guard found, but the chain is not fully resolved: guard not resolved: x' });
    assert.strictEqual(decideVerdict(r, [], { benignUnresolved: [unresolved] }).verdict, 'unprotected');
    assert.strictEqual(decideVerdict(r, [source({})]).verdict, 'protected');
  });

  it('each guard that does not count says why', () => {
    const guards = [
      source({ name: 'Always', kind: 'non-security', why: 'returns true', alwaysTrue: true }),
      source({ name: 'Roles', kind: 'authorization', why: 'reads roles' }),
      source({ name: 'Log', kind: 'non-security', why: 'logs the request' }),
      source({ name: 'Off', applies: 'no', off: { by: 'marker', what: '@SkipAll' }, kind: 'non-security', why: 'counts' }),
    ];
    const session = source({ origin: 'middleware', name: 'Session', kind: 'non-security', why: 'never rejects' });
    assert.deepStrictEqual(decide([...guards, session]), {
      verdict: 'unprotected',
      why: 'no guard authenticates: Always always returns true; Roles authorizes but does not authenticate; Log is not a security check (logs the request); '
        + 'Off is switched off by @SkipAll and is not an authentication guard (counts); middleware Session never rejects',
    });
  });
});
