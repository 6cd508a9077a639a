/**
 * A public marker counts only where the guard reads it: `reflector.get(KEY, context.getHandler())`
 * does not see a `@Public()` on the class, `getClass()` does not see one on a handler. Through the real
 * linker on `probe-marker-level`, whose `probe.json` shows the same at run time (401 without a key
 * where the levels differ, 200 where they match).
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';
import { FIXTURES } from './testHost';

let app: AppIndex | undefined;
const analyzed = (): AppIndex => (app ??= analyzeWorkspace(path.join(FIXTURES, 'probe-marker-level')).apps[0]);
const verdicts = (): string[] => analyzed().routes.map((r) => `${r.path} ${r.verdict}`).sort();

describe('public marker level (probe-marker-level)', () => {
  it('a marker on the class read only from the handler, and the reverse, leave the route protected', () => {
    assert.ok(verdicts().includes('/class-marked-handler-read protected'), verdicts().join(', '));
    assert.ok(verdicts().includes('/handler-marked-class-read protected'), verdicts().join(', '));
  });

  it('a marker read at the level it is written on makes the route public', () => {
    assert.ok(verdicts().includes('/class-marked-class-read public'), verdicts().join(', '));
    assert.ok(verdicts().includes('/handler-marked-handler-read/open public'), verdicts().join(', '));
    assert.ok(verdicts().includes('/handler-marked-handler-read/closed protected'), verdicts().join(', '));
  });

  it('reports each ignored marker, and only those', () => {
    const markerFindings = analyzed().findings.filter((f) => f.code === 'public-ignored-by-guard');
    assert.deepStrictEqual(markerFindings.map((f) => `${f.code} ${f.file}:${f.line}`), [
      'public-ignored-by-guard src/controllers.ts:12',
      'public-ignored-by-guard src/controllers.ts:23',
    ]);
  });
});
