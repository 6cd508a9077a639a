/** Which applications a folder holds: nest-cli projects, its top-level app, entries that start no server. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import { discoverApps } from '../../../src/core/project/discoverApps';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'discover-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const SERVER = "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nvoid NestFactory.create(AppModule).then((a) => a.listen(3000));\n";
const MODULE = "import { Controller, Get, Module } from '@nestjs/common';\n@Controller('x') export class X { @Get() x() { return 1; } }\n@Module({ controllers: [X] }) export class AppModule {}\n";

describe('application discovery', function () {
  this.timeout(30000);
  const roots: string[] = [];
  const make = (files: Record<string, string>): string => {
    const r = tree({ 'tsconfig.json': '{}', ...files });
    roots.push(r);
    return r;
  };
  after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('lists the top-level app beside the projects, but not twice when it is one of them', () => {
    const root = make({
      'nest-cli.json': JSON.stringify({ sourceRoot: 'src', projects: { worker: { type: 'application', sourceRoot: 'apps/worker/src' }, shared: { type: 'library' } } }),
      'src/main.ts': SERVER,
    });
    assert.deepStrictEqual(discoverApps(root).map((a) => [a.name, path.relative(root, a.entryFile)]), [
      [path.basename(root), 'src/main.ts'],
      ['worker', 'apps/worker/src/main.ts'],
    ]);
    const monorepo = make({
      'nest-cli.json': JSON.stringify({ monorepo: true, sourceRoot: 'apps/api/src', projects: { api: { type: 'application', sourceRoot: 'apps/api/src' } } }),
      'apps/api/src/main.ts': SERVER,
    });
    assert.deepStrictEqual(discoverApps(monorepo).map((a) => a.name), ['api']);
  });

  it('names the top-level app apart when a project has the folder name', () => {
    const root = make({ 'src/main.ts': SERVER });
    const name = path.basename(root);
    fs.writeFileSync(path.join(root, 'nest-cli.json'), JSON.stringify({ projects: { [name]: { type: 'application', sourceRoot: 'apps/x/src' } } }));
    assert.deepStrictEqual(discoverApps(root).map((a) => a.name), [`${name} (top level)`, name]);
  });

  it('an entry that never creates a server is "not a server", with no routes, and the app beside it is analysed', () => {
    const root = make({
      'nest-cli.json': JSON.stringify({ sourceRoot: 'src', projects: { cli: { type: 'application', sourceRoot: 'apps/cli/src', entryFile: 'cli' } } }),
      'src/main.ts': SERVER,
      'src/app.module.ts': MODULE,
      'apps/cli/src/cli.ts': "import { CommandFactory } from 'nest-commander';\nimport { AppModule } from '../../../src/app.module';\nvoid CommandFactory.run(AppModule);\n",
    });
    const apps = analyzeWorkspace(root).apps;
    assert.deepStrictEqual(apps.map((a) => [a.name, a.kind, a.routes.length]), [[path.basename(root), 'server', 1], ['cli', 'not-a-server', 0]]);
    const cli = analyzeWorkspace(root, { project: 'cli' }).apps;
    assert.deepStrictEqual(cli.map((a) => a.name), ['cli']);
    assert.ok(cli[0].diagnostics.some((d) => /not a server/.test(d.message)));
  });

  it('a microservice-only entry is a server (its handlers are not HTTP routes)', () => {
    const root = make({
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nvoid NestFactory.createMicroservice(AppModule, {}).then((a) => a.listen());\n",
      'src/app.module.ts': MODULE,
    });
    const [app] = analyzeWorkspace(root).apps;
    assert.deepStrictEqual([app.kind, app.routes.length], ['server', 0]);
  });
});
