import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/run';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures');

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTty: false });
  return { code, out, err };
}

describe('CLI', () => {
  it('prints a table grouped by controller that ends with the counts', () => {
    const { code, out } = run(path.join(fixtures, 'plain-guards'));
    assert.strictEqual(code, 0);
    assert.match(out, /^CatsController {2}src\/cats\/cats\.controller\.ts$/m);
    assert.match(out, /POST\s+\/cats\s+\S+\s+JwtAuthGuard → AdminGuard/);
    assert.match(out, /GET\s+\/dogs\s+unprotected\s+\(none\)/);
    assert.match(out, /^5 routes · .* · 1 without any guard · 0 unresolved$/m);
  });

  it('prints the documented JSON schema', () => {
    const { code, out } = run(path.join(fixtures, 'plain-guards'), '--format', 'json');
    assert.strictEqual(code, 0);
    const json = JSON.parse(out) as { apps: Array<{ name: string; root: string; routes: Array<Record<string, unknown>> }> };
    assert.strictEqual(json.apps.length, 1);
    const [app] = json.apps;
    assert.strictEqual(app.name, 'plain-guards');
    assert.strictEqual(app.root, path.join(fixtures, 'plain-guards'));
    const create = app.routes.find((r) => r.handler === 'create')!;
    for (const field of ['httpMethod', 'path', 'version', 'host', 'controller', 'handler', 'file', 'line', 'guards', 'roles', 'public', 'unresolved', 'verdict', 'why']) {
      assert.ok(field in create, `route has ${field}`);
    }
    assert.deepStrictEqual(
      { method: create.httpMethod, path: create.path, file: create.file, guards: (create.guards as Array<{ name: string; level: string }>).map((g) => `${g.level}:${g.name}`) },
      { method: 'POST', path: '/cats', file: 'src/cats/cats.controller.ts', guards: ['controller:JwtAuthGuard', 'handler:AdminGuard'] },
    );
  });

  it('analyses one project of a monorepo with --project, and refuses an unknown name', () => {
    const one = JSON.parse(run(path.join(fixtures, 'monorepo'), '-f', 'json', '--project', 'backoffice').out) as { apps: Array<{ name: string }> };
    assert.deepStrictEqual(one.apps.map((a) => a.name), ['backoffice']);
    const none = run(path.join(fixtures, 'monorepo'), '--project', 'nope');
    assert.strictEqual(none.code, 2);
    assert.match(none.err, /no application named 'nope'/);
  });

  it('finds the NestJS applications of an nx workspace and skips its front ends', () => {
    const json = JSON.parse(run(path.join(fixtures, 'nx-workspace'), '-f', 'json').out) as { apps: Array<{ name: string; entryFile: string; routes: Array<{ path: string; guards: Array<{ name: string }> }> }> };
    assert.deepStrictEqual(json.apps.map((a) => [a.name, a.entryFile]), [['api', 'apps/api/src/main.ts']]);
    assert.deepStrictEqual(json.apps[0].routes.map((r) => [r.path, r.guards.map((g) => g.name)]), [['/api/things', ['ApiKeyGuard']]]);
  });

  it('fails with one line and exit 2 on a folder that is not a NestJS project', () => {
    const { code, err, out } = run(path.join(fixtures, 'plain-guards', 'src'));
    assert.strictEqual(code, 2);
    assert.strictEqual(out, '');
    assert.strictEqual(err.trim().split('\n').length, 1);
    assert.match(err, /no tsconfig\.json or nest-cli\.json/);
  });

  it('warns about a file with a syntax error and still analyses the rest', () => {
    const { code, out, err } = run(path.join(fixtures, 'cli-syntax-error'), '-f', 'json');
    assert.strictEqual(code, 0);
    assert.match(err, /src\/broken\.controller\.ts:7: syntax error/);
    const routes = (JSON.parse(out) as { apps: Array<{ routes: Array<{ path: string }> }> }).apps[0].routes.map((r) => r.path);
    assert.ok(routes.includes('/health'));
  });

  it('says when the tsconfig cannot be read and analyses the app without its aliases', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bad-tsconfig-'));
    fs.cpSync(path.join(fixtures, 'plain-guards'), dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "compilerOptions": { ');
    try {
      const { code, out, err } = run(dir, '-f', 'json');
      assert.strictEqual(code, 0);
      assert.match(err, /tsconfig\.json: .*; path aliases are ignored/);
      assert.strictEqual((JSON.parse(out) as { apps: Array<{ routes: unknown[] }> }).apps[0].routes.length, 5);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sets exit code 1 with --fail-on unprotected only when a route is unprotected', () => {
    assert.strictEqual(run(path.join(fixtures, 'plain-guards'), '--fail-on', 'unprotected').code, 1);
    assert.strictEqual(run(path.join(fixtures, 'demo-app'), '--fail-on', 'unprotected').code, 0);
  });

  describe('the gate fails closed', () => {
    /** An app in a temp folder: `main` is src/main.ts, the rest as given. */
    function tempApp(files: Record<string, string>): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-gate-'));
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      return dir;
    }
    const controller = "import { Controller, Get } from '@nestjs/common';\n@Controller('items')\nexport class ItemsController { @Get() list() { return []; } }\n";
    const appModule = (from: string): string => `import { Module } from '@nestjs/common';\nimport { ItemsController } from '${from}';\n@Module({ controllers: [ItemsController] })\nexport class AppModule {}\n`;
    const main = (from: string): string => `import { NestFactory } from '@nestjs/core';\nimport { AppModule } from '${from}';\nNestFactory.create(AppModule).then((a) => a.listen(3000));\n`;

    it('an app whose root module cannot be followed exits 2 with the reason, --fail-on or not', () => {
      const dir = tempApp({ 'tsconfig.json': '{}', 'src/main.ts': main('./missing/app.module') });
      try {
        for (const argv of [[dir], [dir, '--fail-on', 'unprotected'], [dir, '--fail-on', 'info']]) {
          const { code, err } = run(...argv);
          assert.strictEqual(code, 2, argv.join(' '));
          assert.match(err, /root module not resolved: cannot resolve import '\.\/missing\/app\.module'/);
          assert.match(err, /no routes, because the analysis could not follow everything/);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a catch-all tsconfig alias still lets installed packages through, as tsc does', () => {
      const dir = tempApp({
        'package.json': JSON.stringify({ name: 'gate', dependencies: { '@nestjs/common': '^11', '@nestjs/core': '^11' } }),
        'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true, baseUrl: '.', paths: { '*': ['*', 'src/*'] } } }),
        'src/main.ts': main('app.module'),
        'src/app.module.ts': appModule('items.controller'),
        'src/items.controller.ts': controller,
      });
      try {
        const { code, out } = run(dir, '-f', 'json', '--fail-on', 'unprotected');
        assert.deepStrictEqual((JSON.parse(out) as { apps: Array<{ routes: Array<{ path: string; verdict: string }> }> }).apps[0].routes.map((r) => [r.path, r.verdict]), [['/items', 'unprotected']]);
        assert.strictEqual(code, 1);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  it('renders SARIF and Markdown', () => {
    const sarif = JSON.parse(run(path.join(fixtures, 'plain-guards'), '-f', 'sarif').out) as { version: string; runs: Array<{ results: unknown[] }> };
    assert.strictEqual(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length > 0);
    assert.match(run(path.join(fixtures, 'plain-guards'), '-f', 'markdown').out, /\| GET \| `\/dogs` \|/);
  });

  it('rejects unknown options and formats with usage and exit 2', () => {
    const bad = run('--format', 'xml');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /unknown format 'xml'/);
    assert.strictEqual(run('--frobnicate').code, 2);
    assert.match(run('--help').out, /^Usage: nest-guard-coverage/);
  });
});

describe('CLI env input', function () {
  this.timeout(30000);
  const fixture = path.join(fixtures, 'config-type-injection');

  it('--env-file and --env decide paths and global guards, and the run says which files and variables', () => {
    const given = run(fixture, '-f', 'json', '--env-file', path.join(fixture, 'deploy.env'), '--env', 'AUTH_MODE=open');
    assert.strictEqual(given.code, 0, given.err);
    const app = (JSON.parse(given.out) as { apps: Array<{ routes: Array<{ path: string; guards: Array<{ name: string }> }>; env: { origin: string; files: unknown[] } }> }).apps[0];
    assert.deepStrictEqual(app.routes.map((r) => [r.path, r.guards.map((g) => g.name)]), [['/edge/api/v3/orders', ['OpenGuard']], ['/edge/api/v9/orders/:id', ['OpenGuard']]]);
    assert.deepStrictEqual([app.env.origin, app.env.files], ['given', [{ file: 'deploy.env', found: true }]]);
    assert.match(given.err, /^info: config-type-injection: env \(given\): deploy\.env; variables read: AUTH_MODE=open, DEFAULT_VERSION=3, ROUTE_PREFIX=edge$/m);
  });

  it('without env input, the app as it starts with nothing set', () => {
    const bare = run(fixture, '-f', 'json');
    const app = (JSON.parse(bare.out) as { apps: Array<{ routes: Array<{ path: string }> }> }).apps[0];
    assert.deepStrictEqual(app.routes.map((r) => r.path), ['/internal/api/v1/orders', '/internal/api/v9/orders/:id']);
    assert.match(bare.err, /env: none \(the app would load \.env\), every variable unset; variables read: AUTH_MODE unset/);
  });

  it('takes envFiles/env from .guard-coverage.json (relative to it) and lets flags win', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-env-'));
    try {
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ envFiles: [path.relative(dir, path.join(fixture, 'deploy.env'))], env: { ROUTE_PREFIX: 'cfg' } }));
      const fromFile = JSON.parse(run(fixture, '-f', 'json', '-c', path.join(dir, 'settings.json')).out) as { apps: Array<{ routes: Array<{ path: string }> }> };
      assert.strictEqual(fromFile.apps[0].routes[0].path, '/cfg/api/v3/orders');
      const flags = JSON.parse(run(fixture, '-f', 'json', '-c', path.join(dir, 'settings.json'), '--env', 'ROUTE_PREFIX=flag').out) as { apps: Array<{ routes: Array<{ path: string }> }> };
      assert.strictEqual(flags.apps[0].routes[0].path, '/flag/api/v3/orders');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --env without a name, and names the applications when --project matches none', () => {
    const bad = run(fixture, '--env', '=x');
    assert.strictEqual(bad.code, 2);
    assert.match(bad.err, /--env expects KEY=VALUE/);
    const none = run(path.join(fixtures, 'config-nest-cli-top'), '--project', 'nope');
    assert.match(none.err, /no application named 'nope' .*\(applications: config-nest-cli-top, tools\)/);
  });
});
