/** Pure pieces: id parameters, falsy public markers, verdict wording. */
import * as assert from 'assert';
import { withDefaults } from '../../../src/core/config';
import { isIdParam } from '../../../src/core/semantics/ownership/index';
import { evaluateRoute } from '../../../src/core/semantics/routeVerdict';
import type { GuardSemantics } from '../../../src/core/semantics/types';
import { TestHost, entry, guard, route } from './testHost';

describe('id parameters', () => {
  it('recognises id, *Id, *_id, slug, uuid and configured names only', () => {
    const config = withDefaults({ idParams: ['orderRef'] });
    const yes = ['id', 'userId', 'order_id', 'slug', 'uuid', 'postSlug', 'ORDERREF'];
    const no = ['page', 'name', 'identity', 'valid', 'format'];
    assert.deepStrictEqual(yes.filter((p) => isIdParam(p, config)), yes);
    assert.deepStrictEqual(no.filter((p) => isIdParam(p, config)), []);
  });
});

describe('public marker with a falsy value', () => {
  it('SetMetadata(IS_PUBLIC_KEY, false) does not switch the guard off', () => {
    const host = TestHost.memory({});
    const sem: GuardSemantics = {
      name: 'Jwt', kind: 'authentication', reasons: ['verifies'], reads: [], weaknesses: [], alwaysTrue: false, inSource: true,
      trueWhenPresent: [{ key: 'isPublic', scope: 'handlerOverClass', test: 'truthy', method: 'getAllAndOverride' }], trueWhenAbsent: [],
    };
    const on = route('C', 'h', 'GET', '/a', { guards: [guard(host, 'Jwt', 'global')], metadata: [entry('isPublic', 'other', 'handler', 'SetMetadata', ['false'])] });
    assert.strictEqual(evaluateRoute(on, [sem]).verdict, 'protected');
    const off = { ...on, public: true, metadata: [entry('isPublic', 'public', 'handler', 'Public', ['true'])] };
    assert.strictEqual(evaluateRoute(off, [sem]).verdict, 'public');
  });
});

describe('unknown verdicts', () => {
  it('names every undecided guard and the first one\'s reason', () => {
    const host = TestHost.memory({});
    const unknown = (name: string, reason: string): GuardSemantics => ({
      name, kind: 'unknown', reasons: [reason], reads: [], weaknesses: [], alwaysTrue: false, inSource: true, trueWhenPresent: [], trueWhenAbsent: [],
    });
    const r = route('C', 'h', 'GET', '/a', { guards: [guard(host, 'TenantGuard', 'global'), guard(host, 'ScopeGuard', 'handler')] });
    const ev = evaluateRoute(r, [unknown('TenantGuard', 'TenantGuard matches no known authentication pattern'), unknown('ScopeGuard', 'x')]);
    assert.strictEqual(ev.verdict, 'unknown');
    assert.strictEqual(ev.why, 'cannot tell whether TenantGuard or ScopeGuard authenticates (TenantGuard: matches no known authentication pattern)');
    const single = evaluateRoute({ ...r, guards: [r.guards[0]] }, [unknown('TenantGuard', 'TenantGuard matches no known authentication pattern')]);
    assert.strictEqual(single.why, 'cannot tell whether TenantGuard authenticates (matches no known authentication pattern)');
  });

  it('a route with no authenticating guard but an unresolved chain is unknown, not unprotected', () => {
    const ev = evaluateRoute(route('C', 'h', 'GET', '/a', { unresolved: [{ reason: 'guards built at runtime' }] }), []);
    assert.deepStrictEqual([ev.verdict, ev.why], ['unknown', 'no authentication guard found, but the chain is not fully resolved: guards built at runtime']);
  });
});

describe('unprotected why', () => {
  it('says why each guard does not count', () => {
    const host = TestHost.memory({});
    const sem = (kind: GuardSemantics['kind'], reason: string): GuardSemantics => ({
      name: 'x', kind, reasons: [reason], reads: [], weaknesses: [], alwaysTrue: false, inSource: true, trueWhenPresent: [], trueWhenAbsent: [],
    });
    const r = route('C', 'h', 'GET', '/a', { guards: [guard(host, 'RateLimitGuard', 'global'), guard(host, 'RolesGuard', 'controller')] });
    const ev = evaluateRoute(r, [sem('non-security', 'named like a rate-limiting, feature-flag or housekeeping guard'), sem('authorization', 'reads role metadata')]);
    assert.strictEqual(ev.why, 'no guard authenticates: RateLimitGuard is not a security check (named like a rate-limiting, feature-flag or housekeeping guard); '
      + 'RolesGuard authorizes but does not authenticate');
  });
});
