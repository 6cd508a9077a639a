import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyFix, type FileReader, type Fix } from '../../../src/core/fixes';
import { fixtureDir, REPO_ROOT } from '../../tls/support';

export { fixtureDir, REPO_ROOT };

/** A fixture project held in memory: fixes read from it and their results are applied to it. */
export class MemoryProject implements FileReader {
  files: Map<string, string>;

  constructor(readonly root: string, files: Map<string, string>) {
    this.files = files;
  }

  static load(fixture: string): MemoryProject {
    const root = fixtureDir(fixture);
    const files = new Map<string, string>();
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else files.set(p, fs.readFileSync(p, 'utf8'));
      }
    };
    walk(root);
    return new MemoryProject(root, files);
  }

  read(p: string): string | undefined {
    return this.files.get(p);
  }

  exists(p: string): boolean {
    return this.files.has(p);
  }

  listFiles(): string[] {
    return [...this.files.keys()].filter((f) => f.endsWith('.ts')).sort();
  }

  file(rel: string): string {
    return path.join(this.root, rel);
  }

  text(rel: string): string {
    const t = this.files.get(this.file(rel));
    if (t === undefined) throw new Error(`no ${rel}`);
    return t;
  }

  /** Applies a fix that must not be refused. */
  apply(fix: Fix): this {
    assert.strictEqual(fix.refused, undefined, `unexpected refusal: ${fix.refused}`);
    assert.ok(fix.edits.length + fix.creates.length > 0, 'a fix that applies must change something');
    this.files = applyFix(this.files, fix);
    return this;
  }

  /** A reader without `listFiles`, to exercise the import-graph search. */
  withoutListing(): FileReader {
    return { read: (p) => this.read(p), exists: (p) => this.exists(p) };
  }
}

const GOLDEN_DIR = path.join(REPO_ROOT, 'test', 'unit', 'fixes', 'golden');

/**
 * Compares `actual` with `golden/<name>`. With UPDATE_GOLDEN=1 the file is (re)written instead, to
 * be reviewed in the diff before committing.
 */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(GOLDEN_DIR, `${name}.golden`);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `missing golden file ${name}.golden (run with UPDATE_GOLDEN=1 and review it)`);
  assert.strictEqual(actual, fs.readFileSync(file, 'utf8'), `output differs from golden/${name}`);
}

/** A refused fix: no edits, no creates, and a one-line reason matching `pattern`. */
export function assertRefused(fix: Fix, pattern: RegExp): void {
  assert.ok(fix.refused, `expected a refusal, got ${fix.edits.length} edits`);
  assert.match(fix.refused, pattern);
  assert.ok(!fix.refused.includes('\n'), 'the reason is one line');
  assert.deepStrictEqual([fix.edits, fix.creates], [[], []]);
}
