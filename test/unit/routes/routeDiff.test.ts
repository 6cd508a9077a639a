import * as assert from 'assert';
import { analyzedGuard, diffRoutes, formatDiff, isEmptyDiff, runtimeGuard, type ComparableRoute } from './routeDiff';
import type { GuardRef } from '../../../src/core/model';

function route(path: string, guards: string[], extra: Partial<ComparableRoute> = {}): ComparableRoute {
  return {
    httpMethod: 'GET', path, version: null, host: null, controller: 'C', handler: 'h',
    guards: guards.map((g) => { const [level, name] = g.split(':'); return { level, name }; }),
    ...extra,
  };
}

describe('route comparison used against the runtime oracle', () => {
  it('accepts the same routes in another order', () => {
    const a = [route('/a', ['global:G']), route('/b', [])];
    assert.ok(isEmptyDiff(diffRoutes(a, [...a].reverse())));
  });

  it('reports missing and extra routes, including a version or host difference', () => {
    const diff = diffRoutes(
      [route('/a', []), route('/v', [], { version: '1' })],
      [route('/b', []), route('/v', [], { version: '2' })],
    );
    assert.deepStrictEqual(diff.missing.map((r) => r.path + (r.version ?? '')), ['/a', '/v1']);
    assert.deepStrictEqual(diff.extra.map((r) => r.path + (r.version ?? '')), ['/b', '/v2']);
  });

  it('compares guard chains in order, by name and level', () => {
    const diff = diffRoutes(
      [route('/a', ['global:A', 'controller:B'])],
      [route('/a', ['controller:B', 'global:A'])],
    );
    assert.strictEqual(diff.chains.length, 1);
    assert.match(formatDiff('t', diff), /expected global:A → controller:B\n\s+actual\s+controller:B → global:A/);
    assert.strictEqual(diffRoutes([route('/a', ['handler:A'])], [route('/a', ['controller:A'])]).chains.length, 1);
  });

  it('counts duplicate registrations', () => {
    const diff = diffRoutes([route('/a', [])], [route('/a', []), route('/a', [])]);
    assert.strictEqual(diff.extra.length, 1);
  });

  it('matches a runtime mixin guard by the factory that made it', () => {
    const ours = { name: "AuthGuard('jwt')", className: 'AuthGuard', form: 'mixin', level: 'controller' } as GuardRef;
    assert.deepStrictEqual(analyzedGuard(ours), runtimeGuard({ name: 'MixinAuthGuard', level: 'controller', mixinFactory: 'AuthGuard' }));
    const plain = { name: 'RolesGuard', className: 'RolesGuard', form: 'instance', level: 'handler' } as GuardRef;
    assert.deepStrictEqual(analyzedGuard(plain), runtimeGuard({ name: 'RolesGuard', level: 'handler' }));
  });
});
