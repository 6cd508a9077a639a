/**
 * A workspace without a NestJS project (test/e2e/empty-workspace): empty state, no error; then an
 * app written into it is picked up without a reload.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { activateExtension, poll, workspaceRoot } from '../host/helpers';

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true, rootDir: './src' }, include: ['src/**/*.ts'] }),
  'nest-cli.json': JSON.stringify({ sourceRoot: 'src' }),
  'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\n\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nvoid bootstrap();\n",
  'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { PingController } from './ping.controller';\n\n@Module({ controllers: [PingController] })\nexport class AppModule {}\n",
  'src/ping.controller.ts': "import { Controller, Get } from '@nestjs/common';\n\n@Controller('ping')\nexport class PingController {\n  @Get()\n  ping() {\n    return 'pong';\n  }\n}\n",
};

suite('Guard Coverage in a folder without a NestJS app', () => {
  test('empty state, no error, nothing in the tree', async () => {
    const api = await activateExtension();
    assert.strictEqual(api.state, 'empty');
    assert.deepStrictEqual(api.snapshot.apps, []);
    assert.deepStrictEqual(await api.treeDataProvider.getChildren(), []);
    assert.deepStrictEqual(api.errors, []);
  });

  test('an app written into the folder is indexed without a reload', async () => {
    const api = await activateExtension();
    for (const [file, text] of Object.entries(FILES)) {
      const abs = path.join(workspaceRoot(), file);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      await vscode.workspace.fs.writeFile(vscode.Uri.file(abs), Buffer.from(text));
    }
    const route = await poll('GET /ping in the index', () => api.snapshot.routes.find((e) => e.route.path === '/ping'), 10000);
    assert.strictEqual(route.route.verdict, 'unprotected');
    await poll('state ready', () => (api.state === 'ready' ? true : undefined));
    assert.deepStrictEqual(api.errors, []);
  });
});
