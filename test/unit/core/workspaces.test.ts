/**
 * Workspace packages found without node_modules (npm/yarn `workspaces`, pnpm-workspace.yaml), their
 * entries mapped to TypeScript sources, and whether a package would load at run time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ModuleResolver } from '../../../src/core/project/moduleResolver';
import { packageSourceEntry } from '../../../src/core/project/packageEntry';
import { workspacePackages } from '../../../src/core/project/workspaces';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'workspaces-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const pkg = (name: string, extra: object = {}): string => JSON.stringify({ name, ...extra });

describe('workspace packages', () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>): string => {
    const r = tree(files);
    roots.push(r);
    return r;
  };
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('npm workspaces (array and { packages }) with ** and a nested glob, from a folder inside the workspace', () => {
    const root = make({
      'package.json': JSON.stringify({ workspaces: { packages: ['packages/*', 'services/**'] } }),
      'packages/a/package.json': pkg('@x/a'),
      'packages/a/node_modules/dep/package.json': pkg('not-a-member'),
      'services/api/package.json': pkg('@x/api'),
      'services/group/worker/package.json': pkg('@x/worker'),
      'other/z/package.json': pkg('@x/z'),
    });
    assert.deepStrictEqual([...workspacePackages(path.join(root, 'services/api')).keys()].sort(), ['@x/a', '@x/api', '@x/worker']);
    const arrayForm = make({ 'package.json': JSON.stringify({ workspaces: ['libs/*'] }), 'libs/l/package.json': pkg('l') });
    assert.deepStrictEqual([...workspacePackages(arrayForm).keys()], ['l']);
  });

  it('pnpm-workspace.yaml with a negated pattern', () => {
    const root = make({
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n  - libs/*\n  - '!libs/old'\n",
      'apps/web/package.json': pkg('web'),
      'libs/core/package.json': pkg('@x/core'),
      'libs/old/package.json': pkg('@x/old'),
    });
    assert.deepStrictEqual([...workspacePackages(root).keys()].sort(), ['@x/core', 'web']);
  });

  it('maps exports (conditions, subpaths, patterns), types and main to the sources', () => {
    const root = make({
      'src/index.ts': '',
      'src/guards/index.ts': '',
      'src/util/strings.ts': '',
      'lib/main.ts': '',
    });
    const resolve = (base: string): string | undefined => ['.ts', '/index.ts'].map((e) => base + e).find((f) => fs.existsSync(f));
    const entry = (manifest: object, sub = ''): string | undefined => packageSourceEntry(root, manifest, sub, resolve)?.slice(root.length + 1);
    assert.strictEqual(entry({ exports: { '.': { types: './dist/index.d.ts', import: './dist/index.mjs' } } }), 'src/index.ts');
    assert.strictEqual(entry({ exports: { './guards': { require: './dist/guards/index.js' } } }, 'guards'), 'src/guards/index.ts');
    assert.strictEqual(entry({ exports: { './util/*': './dist/util/*.js' } }, 'util/strings'), 'src/util/strings.ts');
    assert.strictEqual(entry({ main: 'lib/main.js' }), 'lib/main.ts');
    assert.strictEqual(entry({ exports: './build/index.js' }), 'src/index.ts');
    assert.strictEqual(entry({}), 'src/index.ts');
  });

  it('resolves a workspace package by name with no node_modules at all; tsconfig paths still come first', () => {
    const root = make({
      'package.json': JSON.stringify({ workspaces: ['packages/*'] }),
      'packages/auth/package.json': pkg('@x/auth', { main: 'dist/index.js' }),
      'packages/auth/src/index.ts': 'export const a = 1;',
      'app/src/aliased/auth.ts': 'export const b = 1;',
      'app/src/main.ts': '',
    });
    const from = path.join(root, 'app/src/main.ts');
    const ws = workspacePackages(root);
    const plain = new ModuleResolver({ pathsBase: root, baseUrl: undefined, paths: {} }, undefined, ws);
    assert.deepStrictEqual(plain.resolve('@x/auth', from), { kind: 'file', path: path.join(root, 'packages/auth/src/index.ts') });
    const aliased = new ModuleResolver({ pathsBase: path.join(root, 'app'), baseUrl: undefined, paths: { '@x/auth': ['src/aliased/auth'] } }, undefined, ws);
    assert.deepStrictEqual(aliased.resolve('@x/auth', from), { kind: 'file', path: path.join(root, 'app/src/aliased/auth.ts') });
    assert.deepStrictEqual(plain.resolve('@x/other', from), { kind: 'external', module: '@x/other' });
  });

  it('a package is present when built in, in the workspace, installed, or declared (a fresh clone); an optional one only when installed', () => {
    const root = make({
      'package.json': JSON.stringify({ workspaces: ['packages/*'], dependencies: { declared: '1' }, optionalDependencies: { '@ee/opt': '1' } }),
      'packages/w/package.json': pkg('@x/w'),
      'node_modules/installed/package.json': pkg('installed'),
      'src/main.ts': '',
    });
    const from = path.join(root, 'src/main.ts');
    const r = new ModuleResolver({ pathsBase: root, baseUrl: undefined, paths: {} }, undefined, workspacePackages(root));
    const present = ['fs', 'node:path', '@x/w', 'installed', 'declared', '@ee/opt', '@ee/absent'].map((p) => [p, r.packagePresent(p, from)]);
    assert.deepStrictEqual(Object.fromEntries(present), { fs: true, 'node:path': true, '@x/w': true, installed: true, declared: true, '@ee/opt': false, '@ee/absent': false });
  });
});
