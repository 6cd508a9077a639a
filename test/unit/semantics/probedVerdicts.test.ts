/**
 * The static half of the verdict probe, in the unit run: every fixture with a `probe.json` must get
 * exactly the verdicts that file records. The probe stage (`npm run test:probe`) proves those verdicts
 * against the running app; repeating the static comparison here puts that ground truth in front of
 * `npm run mutation`, which runs the unit suite only (a planted bug that changes a probed verdict is
 * killed here, docs/testing.md).
 */
import * as assert from 'assert';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { readProbeSpecs } from '../../probe/probeSpec';
import { FIXTURES } from './testHost';

describe('probed fixtures: static verdicts as probe.json records them', () => {
  const specs = readProbeSpecs(FIXTURES);

  it('finds the probed fixtures', () => {
    assert.ok(specs.length > 0, `no probe.json under ${FIXTURES}`);
  });

  for (const spec of specs) {
    it(spec.name, () => {
      const routes = analyzeWorkspace(spec.dir, spec.app ? { project: spec.app } : {}).apps[0]?.routes ?? [];
      const actual = Object.fromEntries(routes.map((r) => [`${r.httpMethod} ${r.path}`, r.verdict ?? 'none']));
      assert.deepStrictEqual(actual, spec.verdicts, routes.map((r) => `${r.httpMethod} ${r.path}: ${r.why}`).join(' | '));
    });
  }
});
