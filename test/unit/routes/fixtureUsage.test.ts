/**
 * No fixture is silently dropped. The route tests and the probe discover their fixtures from the tree
 * (an `expected-routes.json`, a `probe.json`); every other fixture is named by a test. So a folder that
 * no test uses (say, its expectation file was deleted) fails here, and so does a fixture the docs name
 * that no test uses or that does not exist.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readProbeSpecs } from '../../probe/probeSpec';
import { FIXTURES_DIR, recordedFixtures, REPO_ROOT } from './fixtureCatalog';

const folders = fs.readdirSync(FIXTURES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const recorded = new Set(recordedFixtures().map((f) => f.name));
const probed = new Set(readProbeSpecs(FIXTURES_DIR).map((s) => s.name));

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || p === FIXTURES_DIR ? [] : filesUnder(p, keep);
    return keep(p) ? [p] : [];
  });
}

/** Test files (this one aside: its own examples use no fixture), and the scripts `npm test` runs that open a fixture (the VS Code suites). */
const testSources = [
  ...filesUnder(path.join(REPO_ROOT, 'test'), (f) => f.endsWith('.test.ts') && path.basename(f) !== 'fixtureUsage.test.ts'),
  ...fs.readdirSync(path.join(REPO_ROOT, 'test', 'e2e')).filter((f) => /\.(mjs|sh)$/.test(f)).map((f) => path.join(REPO_ROOT, 'test', 'e2e', f)),
].map((file) => ({ file: path.relative(REPO_ROOT, file), text: fs.readFileSync(file, 'utf8') }));

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A test names a fixture as a whole string literal (`'sem-ownership'`) or a path (`test/fixtures/vscode-app`). */
const namedBy = (name: string): string[] => {
  const re = new RegExp(`(['"\`])${escape(name)}\\1|fixtures/${escape(name)}(?![\\w.-])`);
  return testSources.filter((s) => re.test(s.text)).map((s) => s.file);
};

function usedBy(name: string): string[] {
  return [
    ...(recorded.has(name) ? ['the route tests (expected-routes.json)'] : []),
    ...(probed.has(name) ? ['the verdict probe (probe.json)'] : []),
    ...namedBy(name),
  ];
}

/** Fixture names in a doc: `test/fixtures/<name>` paths, and backticked names of fixtures (or shaped like one). */
function docReferences(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/test\/fixtures\/([\w.-]+)(?![\w.*-])/g)) names.add(m[1]);
  for (const m of text.matchAll(/`([\w.-]+)`/g)) {
    if (folders.includes(m[1]) || /^(real|sem|fix|probe)-[\w-]+$/.test(m[1])) names.add(m[1]);
  }
  return [...names].sort();
}

const docs = ['README.md', ...fs.readdirSync(path.join(REPO_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('fixtures: every one is used by a test', () => {
  it('finds the fixtures, the recorded ones and the probed ones', () => {
    assert.ok(folders.length > 0 && recorded.size > 0 && probed.size > 0, `${folders.length} folders, ${recorded.size} recorded, ${probed.size} probed`);
  });

  it('every fixture folder is run from its expectation file or named by a test', () => {
    const unused = folders.filter((name) => usedBy(name).length === 0);
    assert.deepStrictEqual(unused, [], `no test uses these fixtures (record expected-routes.json with test/oracle/dump.js, add a probe.json, or use them in a test): ${unused.join(', ')}`);
  });

  it('an expected-meta.json is never left without the expected-routes.json that makes it run', () => {
    const orphans = folders.filter((name) => fs.existsSync(path.join(FIXTURES_DIR, name, 'expected-meta.json')) && !recorded.has(name));
    assert.deepStrictEqual(orphans, []);
  });

  for (const doc of docs) {
    it(`every fixture ${doc} names exists and is used by a test`, () => {
      const refs = docReferences(fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8'));
      const problems = refs.flatMap((name) => {
        if (!folders.includes(name)) return [`${name}: no such fixture`];
        return usedBy(name).length === 0 ? [`${name}: used by no test`] : [];
      });
      assert.deepStrictEqual(problems, []);
    });
  }

  // A fixture both recorded and named by some test would lose its route tests unnoticed with its
  // expectation file; the docs say which fixtures are recorded, so they are held to it.
  it('the fixture apps docs/fixtures.md lists are checked against NestJS: routes recorded or verdicts probed', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'fixtures.md'), 'utf8');
    const section = text.slice(text.indexOf('## Fixture apps'), text.indexOf('\n## ', text.indexOf('## Fixture apps') + 1));
    const listed = [...section.matchAll(/^\| `([\w.-]+)` \|/gm)].map((m) => m[1]);
    assert.ok(listed.length > 0, 'the table of docs/fixtures.md "## Fixture apps" lists no fixture');
    assert.deepStrictEqual(listed.filter((name) => !recorded.has(name) && !probed.has(name)), []);
  });

  it('every real-app repro fixture (docs/real-apps.md) is checked against NestJS: routes recorded or verdicts probed', () => {
    const repros = docReferences(fs.readFileSync(path.join(REPO_ROOT, 'docs', 'real-apps.md'), 'utf8')).filter((n) => n.startsWith('real-'));
    assert.ok(repros.length > 0);
    assert.deepStrictEqual(repros.filter((name) => !recorded.has(name) && !probed.has(name)), []);
  });
});

describe('fixtures: the usage check itself', () => {
  it('sees a fixture named by a test as a string or a path, not as part of another name', () => {
    assert.ok(namedBy('sem-ownership').length > 0);
    assert.ok(namedBy('vscode-app').some((f) => f.startsWith('test/e2e/')), 'the VS Code suites open test/fixtures/vscode-app');
    assert.deepStrictEqual(namedBy('ownership'), []);
  });

  it('reads fixture paths and backticked fixture names from a doc, not globs or plain words', () => {
    assert.deepStrictEqual(docReferences('see `demo-app`, test/fixtures/fix-basic/src, `real-gone`, test/fixtures/real-*, `npm test` and demo-app'), ['demo-app', 'fix-basic', 'real-gone']);
  });
});
