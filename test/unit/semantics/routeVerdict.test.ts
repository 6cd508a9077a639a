/** The verdict decided from protection sources alone: exact verdicts and whys. */
import * as assert from 'assert';
import type { MetadataValue, ProtectionSource } from '../../../src/core/model';
import { decideVerdict, evaluateRoute } from '../../../src/core/semantics/routeVerdict';
import type { GuardSemantics } from '../../../src/core/semantics/types';
import { TestHost, entry, guard, route } from './testHost';

const source = (extra: Partial<ProtectionSource>): ProtectionSource => ({
  origin: 'guard', name: 'G', kind: 'authentication', applies: 'yes', why: 'verifies a token', weaknesses: [], ...extra,
});
const r = route('C', 'h', 'GET', '/a');

describe('decideVerdict over protection sources', () => {
  it('an authentication source with a passing weakness does not authenticate, and the why names the finding', () => {
    const weak = source({ name: 'CertGuard', weaknesses: [{ code: 'mtls-empty-cert-check', detail: 'an absent certificate is {}', effect: 'passes' }] });
    assert.deepStrictEqual(decideVerdict(r, [weak]), {
      verdict: 'unprotected', why: 'no guard authenticates: CertGuard does not authenticate: an absent certificate is {} [mtls-empty-cert-check]',
    });
  });

  it('an uncertain weakness makes the source undecided, never protected', () => {
    const weak = source({ name: 'CertGuard', weaknesses: [{ code: 'x-code', detail: 'it may pass', effect: 'uncertain' }] });
    assert.deepStrictEqual(decideVerdict(r, [weak]), { verdict: 'unknown', why: 'cannot tell whether CertGuard authenticates (it may pass [x-code])' });
  });

  it('a middleware, interceptor or handler source that authenticates protects the route', () => {
    const guardOff = source({ name: 'Roles', kind: 'authorization', why: 'reads roles' });
    for (const origin of ['middleware', 'interceptor', 'handler'] as const) {
      const s = source({ origin, name: 'KeyCheck', why: 'compares x-key with a configured secret' });
      const label = origin === 'handler' ? 'KeyCheck' : `${origin} KeyCheck`;
      assert.deepStrictEqual(decideVerdict(r, [guardOff, s]), { verdict: 'protected', why: `${label} authenticates (compares x-key with a configured secret)` });
    }
  });

  it('a source that may apply makes an otherwise unprotected route unknown, with its words', () => {
    const maybe = source({ origin: 'middleware', name: 'AuthMw', applies: 'maybe', maybe: 'AuthMw may apply: forRoutes(x) could not be followed' });
    assert.deepStrictEqual(decideVerdict(r, [maybe]), { verdict: 'unknown', why: 'no authentication guard found, but AuthMw may apply: forRoutes(x) could not be followed' });
  });

  it('a deliberate exemption (marker or path allowlist) of the only authenticating source is public', () => {
    const off = source({ name: 'Jwt', applies: 'no', off: { by: 'path', what: "ALLOWED includes '/a'" } });
    assert.deepStrictEqual(decideVerdict(r, [off]), { verdict: 'public', why: "marked public by ALLOWED includes '/a', honoured by Jwt" });
    const optIn = source({ name: 'Jwt', applies: 'no', off: { by: 'opt-in', what: 'requireAuth' } });
    assert.strictEqual(decideVerdict(r, [optIn]).verdict, 'unprotected');
  });
});

describe('evaluateRoute', () => {
  it('lists the guards then the other sources, and the codes that weaken a verdict that is not protected', () => {
    const host = TestHost.memory({});
    const sem: GuardSemantics = {
      name: 'CertGuard', kind: 'authentication', reasons: ['checks the TLS client certificate'], reads: [], alwaysTrue: false, inSource: true,
      trueWhenPresent: [], trueWhenAbsent: [], weaknesses: [{ code: 'mtls-empty-cert-check', detail: 'd', effect: 'passes' }],
    };
    const on = route('C', 'h', 'GET', '/a', { guards: [guard(host, 'CertGuard', 'controller')], metadata: [entry('k', 'other', 'handler', 'K')] });
    const mw = source({ origin: 'middleware', name: 'Session', kind: 'non-security', why: 'never rejects' });
    const ev = evaluateRoute(on, [sem], [mw]);
    assert.deepStrictEqual(ev.sources.map((s) => `${s.origin}:${s.name}`), ['guard:CertGuard', 'middleware:Session']);
    assert.deepStrictEqual([ev.verdict, ev.weakenedBy], ['unprotected', ['mtls-empty-cert-check']]);
    assert.strictEqual(ev.why, 'no guard authenticates: CertGuard does not authenticate: d [mtls-empty-cert-check]; middleware Session never rejects');
    const protectedToo = evaluateRoute(on, [sem], [source({ origin: 'middleware', name: 'Jwt' })]);
    assert.deepStrictEqual([protectedToo.verdict, protectedToo.weakenedBy], ['protected', []]);
  });
});

describe('marker value on the route', () => {
  const host = TestHost.memory({});
  const strict: GuardSemantics = {
    name: 'KeyGuard', kind: 'authentication', reasons: ['compares an API key header'], reads: [], alwaysTrue: false, inSource: true, weaknesses: [],
    trueWhenPresent: [{ key: 'isPublic', scope: 'handlerOverClass', test: 'true', method: 'getAllAndOverride' }], trueWhenAbsent: [],
  };
  const on = (value: MetadataValue) => route('C', 'h', 'GET', '/a', {
    guards: [guard(host, 'KeyGuard', 'controller')], metadata: [entry('isPublic', 'public', 'handler', 'SetMetadata', [], value)],
  });
  it("`=== true` is switched off by true only: '' keeps it running", () => {
    assert.strictEqual(evaluateRoute(on({ type: 'boolean', literal: true }), [strict]).verdict, 'public');
    assert.strictEqual(evaluateRoute(on({ type: 'string', literal: '' }), [strict]).verdict, 'protected');
  });
  it('a value the analyzer cannot read leaves the route unknown, with why', () => {
    const ev = evaluateRoute(on({ type: 'unknown' }), [strict]);
    assert.deepStrictEqual([ev.verdict, ev.why], ['unknown',
      'cannot tell whether KeyGuard runs: it returns true when isPublic === true, and @SetMetadata sets a value the analyzer cannot read']);
  });
});

describe('path uncertainty', () => {
  it('an unknown global prefix makes the path uncertain, not the verdict', () => {
    const prefix = { reason: 'global prefix is only known at run time: config.get(x)', affects: 'path' as const };
    assert.deepStrictEqual(decideVerdict(route('C', 'h', 'GET', '/a', { unresolved: [prefix] }), []),
      { verdict: 'unprotected', why: 'no guard in the chain and no authentication middleware' });
    const guardUnknown = { reason: 'guard not resolved: x' };
    assert.strictEqual(decideVerdict(route('C', 'h', 'GET', '/a', { unresolved: [prefix, guardUnknown] }), []).verdict, 'unknown');
  });
});
