/**
 * The flags and JSON fields issue 9 spells out are a contract: `--env-file` (repeatable, later files
 * win), `--env KEY=VALUE`, `--project <name as listed>`, and per app `kind` ('not-a-server') and `env`
 * (files, variables), per route `unresolved` (`expression`, `at` file:line, `affects`), `condition`
 * and `roleLabels`. Checked through the CLI's JSON output, as users read it.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../../src/cli/run';

interface JsonRoute {
  path: string;
  roles: string[];
  roleLabels: string[];
  condition?: string;
  unresolved: Array<{ reason: string; expression?: string; affects?: string; at?: { file: string; line: number } }>;
}
interface JsonApp {
  name: string;
  kind: string;
  routes: JsonRoute[];
  env: { origin: string; files: Array<{ file: string; found: boolean }>; variables: Array<{ name: string; set: boolean; value?: string }> };
}

const FILES: Record<string, string> = {
  'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true } }',
  'nest-cli.json': JSON.stringify({ sourceRoot: 'src', entryFile: 'main', projects: { tools: { type: 'application', root: 'tools', sourceRoot: 'tools/src', entryFile: 'cli' } } }),
  'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { hostname } from 'os';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(process.env.EDGE ? hostname() : 'api');
  await app.listen(3000);
}
bootstrap();
`,
  'src/app.module.ts': `import { Controller, Get, Module, SetMetadata } from '@nestjs/common';
export enum Role { Admin = 1 }
@Controller(process.env.AREA)
export class ItemsController {
  @SetMetadata('roles', [Role.Admin, 'editor']) @Get() list() { return []; }
}
@Controller('beta') export class BetaController { @Get() b() { return 1; } }
@Module({ controllers: [BetaController] }) export class BetaModule {}
@Module({ controllers: [ItemsController], imports: [Date.now() > 1 ? BetaModule : []] })
export class AppModule {}
`,
  'tools/src/cli.ts': "import { Module } from '@nestjs/common';\n@Module({}) export class ToolsModule {}\nexport async function main() { return ToolsModule; }\n",
  'one.env': 'AREA=one\n',
  'two.env': 'AREA=two\n',
};

function withProject<T>(fn: (root: string) => T): T {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'config-contract-'));
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return fn(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function run(...argv: string[]): string {
  let out = '';
  let err = '';
  const code = runCli(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTty: false });
  assert.strictEqual(code, 0, err);
  return out;
}

const json = (...argv: string[]): JsonApp[] => (JSON.parse(run(...argv, '-f', 'json')) as { apps: JsonApp[] }).apps;

describe('CLI and JSON contract of issue 9 (env input, discovery, unresolved, labels)', function () {
  this.timeout(30000);

  it('--env-file is repeatable and later files win; --env wins over files; env.files and env.variables say so', () => {
    withProject((root) => {
      const [app] = json(root, '--project', path.basename(root), '--env-file', path.join(root, 'one.env'), '--env-file', path.join(root, 'two.env'));
      assert.deepStrictEqual(app.routes.map((r) => r.path).sort(), ['/api/beta', '/api/two']);
      assert.deepStrictEqual([app.env.origin, app.env.files.map((f) => f.file)], ['given', ['one.env', 'two.env']]);
      assert.deepStrictEqual(app.env.variables.find((v) => v.name === 'AREA'), { ...app.env.variables.find((v) => v.name === 'AREA'), set: true, value: 'two' });
      const [flag] = json(root, '--project', path.basename(root), '--env-file', path.join(root, 'one.env'), '--env', 'AREA=three');
      assert.ok(flag.routes.some((r) => r.path === '/api/three'), JSON.stringify(flag.routes.map((r) => r.path)));
    });
  });

  it('--project selects the top-level app and a project by the names the listing shows; a script is kind not-a-server', () => {
    withProject((root) => {
      const all = json(root);
      const name = path.basename(root);
      assert.deepStrictEqual(all.map((a) => [a.name, a.kind]).sort(), [[name, 'server'], ['tools', 'not-a-server']].sort());
      assert.deepStrictEqual(json(root, '--project', 'tools').map((a) => [a.name, a.kind, a.routes.length]), [['tools', 'not-a-server', 0]]);
      assert.deepStrictEqual(json(root, '--project', name).map((a) => a.name), [name]);
    });
  });

  it('a route carries unresolved (expression, affects, at file:line), condition, and roleLabels beside roles', () => {
    withProject((root) => {
      const [app] = json(root, '--project', path.basename(root), '--env', 'EDGE=1', '--env', 'AREA=items');
      const items = app.routes.find((r) => r.path.endsWith('/items'))!;
      const prefix = items.unresolved.find((u) => u.affects === 'path');
      assert.deepStrictEqual([prefix?.expression, prefix?.at?.file, prefix?.at?.line], ["process.env.EDGE ? hostname() : 'api'", 'src/main.ts', 6], JSON.stringify(items.unresolved));
      assert.match(prefix?.reason ?? '', /^global prefix is only known at run time: it is what `hostname\(\)` returns/);
      assert.deepStrictEqual([items.roles, items.roleLabels], [['1', 'editor'], ['Role.Admin (1)', 'editor']]);
      const beta = app.routes.find((r) => r.path.endsWith('/beta'))!;
      assert.strictEqual(beta.condition, 'Date.now() > 1');
    });
  });

  it('the table and the Markdown report show roles by their source names', () => {
    withProject((root) => {
      for (const format of ['table', 'markdown']) {
        assert.match(run(root, '--project', path.basename(root), '--env', 'AREA=items', '-f', format), /Role\.Admin \(1\), editor/, format);
      }
    });
  });
});
