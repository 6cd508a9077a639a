/**
 * The runtime oracle against the committed expectations: each fixture is really booted with NestJS 11
 * (once per run), and what Nest registers must equal expected-routes.json / expected-meta.json.
 * A failure means either a fixture changed (regenerate, then re-read the file) or Nest's behaviour did.
 * Which fixtures are run, and that none is silently dropped: fixtureUsage.test.ts.
 */
import * as assert from 'assert';
import { bootApp, fixtureApps } from '../../oracle/nestRoutes';
import { sortRoutes } from '../../oracle/sortRoutes';
import { recordedFixtures } from './fixtureCatalog';

const fixtures = recordedFixtures();

describe('runtime oracle (NestJS 11 boots each fixture)', function () {
  this.timeout(60000);

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      it('lists the apps nest-cli.json declares', () => {
        assert.deepStrictEqual(
          fixtureApps(fixture.dir),
          fixture.routes.map((a) => ({ name: a.name, entry: a.entry })),
        );
      });

      for (const app of fixture.routes) {
        it(`registers the expected routes and guard chains (${app.name})`, async () => {
          const live = await bootApp(fixture.dir, app.entry);
          assert.strictEqual(live.kind, app.kind, 'server or not');
          if (!app.kind) assert.ok(live.routes.length > 0, 'no route registered');
          assert.deepStrictEqual(sortRoutes(live.routes), app.routes);
        });
      }

      for (const app of fixture.meta ?? []) {
        it(`sees the expected roles and public markers (${app.name})`, async () => {
          const live = await bootApp(fixture.dir, app.entry);
          assert.deepStrictEqual(JSON.parse(JSON.stringify(sortRoutes(live.meta))), app.routes);
        });
      }
    });
  }
});
