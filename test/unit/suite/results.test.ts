/**
 * How `npm test` counts: the JSON result a stage writes (test/reporters/specAndResult.cjs) and how
 * test/reporters/results.mjs judges it. Counts never come from the printed output.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../routes/fixtureCatalog';

interface Judged { passed: number; failed: number; pending: number; problem: string | null }
interface Results {
  judge(file: string, exitCode: number): Judged;
  countsLine(r: { passed: number; failed: number; pending: number }): string;
}
// An ES module; compiled CommonJS would turn `import()` into `require()`, which cannot load it.
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Results>;
const results = (): Promise<Results> => importModule(path.join(REPO_ROOT, 'test', 'reporters', 'results.mjs'));

let dir: string;

/** Runs mocha with the project's reporter on one test file; returns the result file's content. */
function runMocha(source: string, extra: string[] = []): { status: number | null; result: Record<string, unknown> | undefined } {
  const spec = path.join(dir, 'a.test.js');
  const resultFile = path.join(dir, 'result.json');
  fs.writeFileSync(spec, source);
  const mocha = path.join(REPO_ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const r = spawnSync(process.execPath, [mocha, '--no-config', '--reporter', path.join(REPO_ROOT, 'test', 'reporters', 'specAndResult.cjs'), ...extra, spec],
    { cwd: REPO_ROOT, env: { ...process.env, TEST_RESULT_FILE: resultFile }, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, result: fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) as Record<string, unknown> : undefined };
}

describe('test counts from machine output', function () {
  this.timeout(60000);
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'results-test-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the reporter writes passed, failed (hooks included) and skipped tests', () => {
    const { status, result } = runMocha(`
      describe('s', () => {
        it('passes', () => {});
        it('fails', () => { throw new Error('boom'); });
        it('is skipped', function () { this.skip(); });
      });
      describe('broken', () => {
        before(() => { throw new Error('hook'); });
        it('never runs', () => {});
      });`);
    assert.strictEqual(status, 2);
    assert.ok(result);
    assert.deepStrictEqual([result.passed, result.failed, result.pending, result.done], [1, 2, 1, true]);
    assert.deepStrictEqual((result.failures as Array<{ title: string }>).map((f) => f.title), ['s fails', 'broken "before all" hook for "never runs"']);
  });

  it('a stray .only under --forbid-only fails the run and writes no result', () => {
    const { status, result } = runMocha("describe('s', () => { it.only('a', () => {}); it('b', () => {}); });", ['--forbid-only']);
    assert.strictEqual(status, 1);
    assert.strictEqual(result, undefined);
  });

  it('judges a stage by its result file: many failures are counted, not read off the tail', async () => {
    const { judge } = await results();
    const file = path.join(dir, 'r.json');
    fs.writeFileSync(file, JSON.stringify({ passed: 109, failed: 14, pending: 2, failures: [], done: true }));
    assert.deepStrictEqual(judge(file, 14), { passed: 109, failed: 14, pending: 2, failures: [], problem: null });
  });

  it('a stage that ran no test, wrote no result, did not finish or exited non-zero without a failure fails', async () => {
    const { judge } = await results();
    const file = path.join(dir, 'r.json');
    const judged = (content: object | undefined, exit: number): [number, string | null] => {
      if (content) fs.writeFileSync(file, JSON.stringify(content));
      else fs.rmSync(file, { force: true });
      const r = judge(file, exit);
      return [r.failed, r.problem];
    };
    assert.deepStrictEqual(judged({ passed: 0, failed: 0, pending: 3, done: true }, 0), [1, 'ran no test']);
    assert.deepStrictEqual(judged(undefined, 0), [1, 'wrote no result (exit 0)']);
    assert.deepStrictEqual(judged({ passed: 5, failed: 0, pending: 0, done: false }, 0), [1, 'did not finish']);
    assert.deepStrictEqual(judged({ passed: 5, failed: 0, pending: 0, done: true }, 1), [1, 'exited 1 with no failing test']);
    assert.deepStrictEqual(judged({ passed: 5, failed: 0, pending: 0, done: true, error: 'runner error: x\nstack' }, 1), [1, 'runner error: x']);
    assert.deepStrictEqual(judged({ passed: 5, failed: 0, pending: 0, done: true }, 0), [0, null]);
  });

  it('closes with exactly "N passed, N failed", and ", N skipped" only when some were skipped', async () => {
    const { countsLine } = await results();
    assert.strictEqual(countsLine({ passed: 3, failed: 1, pending: 0 }), '3 passed, 1 failed');
    assert.strictEqual(countsLine({ passed: 3, failed: 0, pending: 2 }), '3 passed, 0 failed, 2 skipped');
  });
});
