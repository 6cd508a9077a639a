import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ModuleResolver } from '../../../src/core/project/moduleResolver';
import { readPathsConfig } from '../../../src/core/project/tsconfigPaths';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'resolver-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('ModuleResolver', () => {
  const root = tree({
    'tsconfig.base.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@app/auth': ['libs/auth/src'], '@app/auth/*': ['libs/auth/src/*'] } } }),
    'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }),
    'libs/auth/src/index.ts': 'export * from "./guard";',
    'libs/auth/src/guard.ts': 'export class G {}',
    'src/app.ts': '',
    'src/util/index.ts': '',
    'src/esm.ts': '',
  });
  const resolver = new ModuleResolver(readPathsConfig(path.join(root, 'tsconfig.json')));
  const from = path.join(root, 'src/app.ts');

  it('resolves relative files, index files and .js specifiers of .ts sources', () => {
    assert.deepStrictEqual(resolver.resolve('./util', from), { kind: 'file', path: path.join(root, 'src/util/index.ts') });
    assert.deepStrictEqual(resolver.resolve('./esm.js', from), { kind: 'file', path: path.join(root, 'src/esm.ts') });
  });

  it('follows tsconfig paths inherited through extends, exact and wildcard', () => {
    assert.deepStrictEqual(resolver.resolve('@app/auth', from), { kind: 'file', path: path.join(root, 'libs/auth/src/index.ts') });
    assert.deepStrictEqual(resolver.resolve('@app/auth/guard', from), { kind: 'file', path: path.join(root, 'libs/auth/src/guard.ts') });
  });

  it('tries baseUrl for bare specifiers, and calls the rest external packages', () => {
    assert.deepStrictEqual(resolver.resolve('src/esm', from), { kind: 'file', path: path.join(root, 'src/esm.ts') });
    assert.deepStrictEqual(resolver.resolve('@nestjs/common', from), { kind: 'external', module: '@nestjs/common' });
  });

  it('reports a missing relative file or alias target instead of guessing', () => {
    assert.deepStrictEqual(resolver.resolve('./nope', from), { kind: 'missing', specifier: './nope' });
    assert.deepStrictEqual(resolver.resolve('@app/auth/nope', from), { kind: 'missing', specifier: '@app/auth/nope' });
  });

  it('reads a workspace package linked into node_modules from its sources, and keeps real packages external', () => {
    const ws = tree({
      'tsconfig.json': '{}',
      'apps/api/src/main.ts': '',
      'libs/auth/package.json': JSON.stringify({ name: '@acme/auth', main: 'dist/index.js', types: 'dist/index.d.ts' }),
      'libs/auth/src/index.ts': 'export * from "./guard";',
      'libs/auth/src/guard.ts': 'export class G {}',
      'node_modules/left-pad/package.json': JSON.stringify({ name: 'left-pad', main: 'index.js' }),
      'node_modules/left-pad/index.d.ts': 'export declare function leftPad(s: string): string;',
    });
    fs.mkdirSync(path.join(ws, 'node_modules/@acme'), { recursive: true });
    fs.symlinkSync(path.join(ws, 'libs/auth'), path.join(ws, 'node_modules/@acme/auth'), 'dir');
    const r = new ModuleResolver(readPathsConfig(path.join(ws, 'tsconfig.json')));
    const main = path.join(ws, 'apps/api/src/main.ts');
    assert.deepStrictEqual(r.resolve('@acme/auth', main), { kind: 'file', path: path.join(fs.realpathSync(ws), 'libs/auth/src/index.ts') });
    assert.deepStrictEqual(r.resolve('@acme/auth/guard', main), { kind: 'file', path: path.join(fs.realpathSync(ws), 'libs/auth/src/guard.ts') });
    assert.deepStrictEqual(r.resolve('left-pad', main), { kind: 'external', module: 'left-pad' });
  });
});
