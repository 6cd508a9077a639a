/**
 * Roles and public marker per route, against what a guard reading the metadata with
 * `reflector.getAllAndOverride(key, [handler, class])` sees at run time (expected-meta.json).
 * Role keys are those named like roles/permissions (a `Reflector.createDecorator` decorator by its
 * exported name); a route with several role keys lists the handler's keys first, then the class's.
 */
import * as assert from 'assert';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { fixtureEnv } from '../../oracle/fixtureEnv';
import { routeKey } from '../../oracle/sortRoutes';
import { recordedFixtures } from './fixtureCatalog';

describe('analyzer roles/public vs NestJS runtime (expected-meta.json)', function () {
  this.timeout(60000);

  for (const fixture of recordedFixtures().filter((f) => f.meta)) {
    it(`${fixture.name}: same roles and public marker per route`, () => {
      const result = analyzeWorkspace(fixture.dir, { config: fixtureEnv(fixture.dir) });
      const problems: string[] = [];
      for (const expected of fixture.meta ?? []) {
        const app = result.apps.find((a) => a.name === expected.name);
        const routes = new Map((app?.routes ?? []).map((r) => [routeKey(r), r]));
        for (const want of expected.routes) {
          const got = routes.get(routeKey(want));
          if (!got) {
            problems.push(`  missing  ${routeKey(want)}`);
            continue;
          }
          if (JSON.stringify(got.roles) !== JSON.stringify(want.roles)) {
            problems.push(`  roles    ${routeKey(want)}: expected ${JSON.stringify(want.roles)}, got ${JSON.stringify(got.roles)}`);
          }
          if (got.public !== want.public) {
            problems.push(`  public   ${routeKey(want)}: expected ${want.public}, got ${got.public}`);
          }
        }
      }
      if (problems.length > 0) assert.fail(`\n${fixture.name}:\n${problems.join('\n')}`);
    });
  }
});
