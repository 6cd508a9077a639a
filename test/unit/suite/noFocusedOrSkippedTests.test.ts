/** The lint rule that keeps `.only` and unexplained skipped tests out of the suite (eslint/noFocusedOrSkippedTests.mjs). */
import * as assert from 'assert';
import * as path from 'path';
import { Linter, type Rule } from 'eslint';
import { REPO_ROOT } from '../routes/fixtureCatalog';

// The rule is an ES module; compiled CommonJS would turn `import()` into `require()`, which cannot load it.
const importModule = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{ default: Rule.RuleModule }>;

type Allow = Array<{ file: string; title: string; reason: string }>;

async function lint(code: string, allow: Allow = [], file = 'test/unit/x.test.ts'): Promise<string[]> {
  const rule = (await importModule(path.join(REPO_ROOT, 'eslint', 'noFocusedOrSkippedTests.mjs'))).default;
  const linter = new Linter({ cwd: REPO_ROOT });
  const config: Linter.Config[] = [{
    files: ['**/*.ts'],
    plugins: { local: { rules: { rule } } },
    rules: { 'local/rule': ['error', { allow }] },
  }];
  return linter.verify(code, config, { filename: path.join(REPO_ROOT, file) }).map((m) => `${m.line}: ${m.message}`);
}

describe('lint: no .only, no skipped test outside the allowlist', () => {
  it('reports every exclusive test or suite', async () => {
    const found = await lint("describe.only('s', () => {});\nit.only('t', () => {});\ncontext['only']('c', () => {});\nsuite.only('u', () => {});");
    assert.deepStrictEqual(found.map((m) => m.split(':')[0]), ['1', '2', '3', '4']);
    assert.match(found[1], /it\.only\(\) runs only this test/);
  });

  it('reports .skip, xit/xdescribe and this.skip() with the title they skip', async () => {
    assert.deepStrictEqual(await lint("it.skip('a', () => {});\nxdescribe('b', () => {});\nit('c', function () { this.skip(); });"), [
      "1: it.skip() skips 'a': run it, delete it, or allowlist it with a reason in eslint.config.mjs (skippedTests)",
      "2: xdescribe() skips 'b': run it, delete it, or allowlist it with a reason in eslint.config.mjs (skippedTests)",
      "3: this.skip() skips 'c': run it, delete it, or allowlist it with a reason in eslint.config.mjs (skippedTests)",
    ]);
  });

  it('accepts a skip the allowlist names for that file and title, and nothing else', async () => {
    const allow = [{ file: 'test/unit/x.test.ts', title: 'needs a display', reason: 'runs only under Xvfb, see the UI stage' }];
    assert.deepStrictEqual(await lint("it.skip('needs a display', () => {});", allow), []);
    assert.strictEqual((await lint("it.skip('needs a display', () => {});", allow, 'test/unit/y.test.ts')).length, 1);
    assert.strictEqual((await lint("it.skip('another', () => {});", allow)).length, 2, 'the skip and the unused entry');
  });

  it('never allowlists .only', async () => {
    const allow = [{ file: 'test/unit/x.test.ts', title: 'focus', reason: 'trying to allowlist a focus' }];
    assert.match((await lint("it.only('focus', () => {});", allow))[0], /it\.only\(\)/);
  });

  it('reports an allowlist entry that no longer matches a skipped test', async () => {
    const allow = [{ file: 'test/unit/x.test.ts', title: 'gone', reason: 'the test was fixed since' }];
    assert.deepStrictEqual(await lint("it('gone', () => {});", allow), [
      "1: skippedTests allowlist entry 'gone' matches no skipped test in test/unit/x.test.ts; remove it",
    ]);
  });

  it('ignores ordinary calls named like the mocha functions', async () => {
    assert.deepStrictEqual(await lint("const list = { only: () => 1, skip: () => 2 };\nlist.only(); list.skip(); it('runs', () => {});"), []);
  });
});
