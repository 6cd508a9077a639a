import * as assert from 'assert';
import { composePaths, excludeMatcher, NEUTRAL, type PathInputs } from '../../../src/core/link/routePaths';

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
