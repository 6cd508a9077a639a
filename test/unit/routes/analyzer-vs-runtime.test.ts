/**
 * The analyzer against NestJS itself: for every fixture, `analyzeWorkspace(fixtureDir)` must list
 * exactly the routes NestJS registers (test/fixtures/<name>/expected-routes.json, recorded by the
 * runtime oracle), with the same method, path, version, host, controller, handler and guard chain
 * (names and levels, in execution order). The route list is compared order-insensitively.
 *
 * Guard names: the runtime knows a guard by its class name. A mixin class (from `mixin(...)`, e.g.
 * `AuthGuard('jwt')`) is renamed by Nest to a random id, so the oracle records the function that
 * called `mixin` (`mixinFactory: 'AuthGuard'`); such an entry matches our GuardRef when its
 * `form` is `'mixin'` and its `className` is that function's name (both compared as `mixin:AuthGuard`).
 * The mixin's arguments ('jwt') are not visible at run time and are not compared.
 */
import * as assert from 'assert';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { fixtureEnv } from '../../oracle/fixtureEnv';
import { recordedFixtures } from './fixtureCatalog';
import { diffRoutes, formatDiff, fromAnalyzer, fromRuntime, isEmptyDiff } from './routeDiff';

describe('analyzer vs NestJS runtime (expected-routes.json)', function () {
  this.timeout(60000);

  for (const fixture of recordedFixtures()) {
    it(`${fixture.name}: same routes and guard chains as NestJS registers`, () => {
      // The same env the oracle boots the fixture with (oracle.json), else what the app reads itself.
      const result = analyzeWorkspace(fixture.dir, { config: fixtureEnv(fixture.dir) });
      const names = result.apps.map((a) => a.name).sort();
      assert.deepStrictEqual(names, fixture.routes.map((a) => a.name).sort(), 'applications found');
      const reports: string[] = [];
      for (const expected of fixture.routes) {
        const app = result.apps.find((a) => a.name === expected.name);
        assert.strictEqual(app?.kind, expected.kind ?? 'server', `${expected.name}: server or not`);
        const diff = diffRoutes(expected.routes.map(fromRuntime), (app?.routes ?? []).map(fromAnalyzer));
        if (!isEmptyDiff(diff)) reports.push(formatDiff(`${fixture.name}/${expected.name}`, diff));
      }
      if (reports.length > 0) assert.fail(`\n${reports.join('\n')}`);
    });
  }
});
