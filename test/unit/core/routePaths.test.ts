import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { composePaths, excludeMatcher, legacyExcludeMatcher, NEUTRAL, type PathInputs } from '../../../src/core/link/routePaths';
import { FIXTURES } from '../semantics/testHost';

const base: PathInputs = {
  globalPrefix: '',
  exclude: [],
  modulePath: undefined,
  ctrlPath: '/cats',
  methodPath: '/',
  method: 'GET',
  versions: undefined,
  versioning: undefined,
};

describe('routePaths.composePaths (RoutePathFactory port)', () => {
  it('joins controller and handler paths without double or trailing slashes', () => {
    assert.deepStrictEqual(composePaths({ ...base, methodPath: '/:id/' }), [{ path: '/cats/:id', version: null, declaredPath: '/cats/:id', underPrefix: false }]);
    assert.deepStrictEqual(composePaths({ ...base, ctrlPath: '/', methodPath: '/' }), [{ path: '/', version: null, declaredPath: '/', underPrefix: false }]);
  });

  it('puts the global prefix first and the RouterModule path before the controller', () => {
    const out = composePaths({ ...base, globalPrefix: '/api/', modulePath: '/admin', methodPath: '/list' });
    assert.deepStrictEqual(out, [{ path: '/api/admin/cats/list', version: null, declaredPath: '/admin/cats/list', underPrefix: true }]);
  });

  it('adds one URI version segment per version, none for VERSION_NEUTRAL', () => {
    const out = composePaths({ ...base, versions: ['1', NEUTRAL, '2'], versioning: { type: 'URI', defaultVersion: undefined, prefix: undefined } });
    assert.deepStrictEqual(out, [
      { path: '/v1/cats', version: '1', declaredPath: '/cats', underPrefix: false },
      { path: '/cats', version: NEUTRAL, declaredPath: '/cats', underPrefix: false },
      { path: '/v2/cats', version: '2', declaredPath: '/cats', underPrefix: false },
    ]);
  });

  it('honours a custom or disabled URI version prefix', () => {
    const custom = composePaths({ ...base, versions: ['3'], versioning: { type: 'URI', defaultVersion: undefined, prefix: 'version-' } });
    assert.deepStrictEqual(custom.map((p) => p.path), ['/version-3/cats']);
    const none = composePaths({ ...base, versions: ['3'], versioning: { type: 'URI', defaultVersion: undefined, prefix: false } });
    assert.deepStrictEqual(none.map((p) => p.path), ['/3/cats']);
  });

  it('keeps header versioning out of the path but reports the versions', () => {
    const out = composePaths({ ...base, versions: ['1', '2'], versioning: { type: 'HEADER', defaultVersion: undefined, prefix: undefined } });
    assert.deepStrictEqual(out, [{ path: '/cats', version: '1,2', declaredPath: '/cats', underPrefix: false }]);
  });

  it('skips the prefix for an excluded route, matched without its version segment', () => {
    const exclude = [{ path: 'cats', method: 'ALL' as const, matches: excludeMatcher('cats') }];
    const out = composePaths({ ...base, globalPrefix: '/api', exclude, versions: ['1'], versioning: { type: 'URI', defaultVersion: undefined, prefix: undefined } });
    assert.deepStrictEqual(out, [{ path: '/v1/cats', version: '1', declaredPath: '/cats', underPrefix: false }]);
  });

  it('applies a method-specific exclusion only to that method', () => {
    const exclude = [{ path: 'cats', method: 'POST' as const, matches: excludeMatcher('cats') }];
    assert.strictEqual(composePaths({ ...base, globalPrefix: '/api', exclude })[0].path, '/api/cats');
    assert.strictEqual(composePaths({ ...base, globalPrefix: '/api', exclude, method: 'POST' })[0].path, '/cats');
    assert.deepStrictEqual(composePaths({ ...base, globalPrefix: '/api', exclude, method: 'POST' }).map((p) => p.underPrefix), [false]);
    assert.deepStrictEqual(composePaths({ ...base, globalPrefix: '/api', exclude }).map((p) => p.underPrefix), [true]);
  });
});

describe('routePaths.excludeMatcher (path-to-regexp semantics)', () => {
  it('matches a parameter segment, case-insensitively, with an optional trailing slash', () => {
    const m = excludeMatcher('cats/:id');
    assert.ok(m('/cats/:id'));
    assert.ok(m('/CATS/42/'));
    assert.ok(!m('/cats/42/owner'));
  });

  it('treats legacy (.*) and * as a wildcard and {...} as optional', () => {
    assert.ok(excludeMatcher('docs/(.*)')('/docs/a/b'));
    assert.ok(excludeMatcher('docs/*')('/docs/a'));
    assert.ok(excludeMatcher('health{/live}')('/health'));
    assert.ok(excludeMatcher('health{/live}')('/health/live'));
    assert.ok(!excludeMatcher('health')('/healthz'));
  });
});

describe('global prefix exclusions on NestJS 10 (path-to-regexp 3)', () => {
  it('a bare * is a literal character; groups and modifiers are not modelled', () => {
    const star = legacyExcludeMatcher('*')!;
    assert.ok(star('/*'));
    assert.ok(!star('/user/queryAll'));
    assert.ok(legacyExcludeMatcher('users/:id')!('/users/7'));
    assert.strictEqual(legacyExcludeMatcher('docs/(.*)'), undefined);
    assert.strictEqual(legacyExcludeMatcher(':path*'), undefined);
  });

  it('prefix-exclude-nest10 (field F32): only the SPA route leaves the prefix; an entry not modelled makes the paths uncertain', () => {
    const app = analyzeWorkspace(path.join(FIXTURES, 'prefix-exclude-nest10')).apps[0];
    assert.deepStrictEqual(app.routes.map((r) => `${r.httpMethod} ${r.path}`), ['GET /api/user/queryAll', 'GET /health', 'GET /*']);
    assert.deepStrictEqual(app.routes[0].unresolved.map((u) => `${u.affects} ${u.reason}`), [
      "path global prefix exclude entry 'docs/(.*)': NestJS 10 matches it with path-to-regexp 3, which is not modelled; which paths keep the prefix is not known",
    ]);
  });
});
