import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';

/** A tiny app on disk: main.ts bootstraps AppModule from app.ts, which holds `body`. */
function app(body: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evaluator-'));
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "experimentalDecorators": true } }');
  fs.writeFileSync(
    path.join(root, 'src/main.ts'),
    "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  await app.listen(3000);\n}\nbootstrap();\n",
  );
  fs.writeFileSync(path.join(root, 'src/app.ts'), body);
  return root;
}

function paths(root: string): string[] {
  try {
    return analyzeWorkspace(root).apps[0].routes.map((r) => `${r.httpMethod} ${r.path}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('evaluator on shapes real apps use', () => {
  it('reads typeof of a name declared nowhere as undefined, and process.env as unset', () => {
    const root = app(`import { Controller, Get, Module } from '@nestjs/common';
declare const __DEV__: boolean;
const isDev = typeof __DEV__ !== 'undefined' ? __DEV__ : process.env.NODE_ENV === 'development';
@Controller(isDev ? 'dev' : 'api/items')
export class ItemsController { @Get() list() { return []; } }
@Module({ controllers: [ItemsController] })
export class AppModule {}
`);
    const result = analyzeWorkspace(root);
    assert.deepStrictEqual(result.apps[0].routes.map((r) => r.path), ['/api/items']);
    assert.deepStrictEqual(result.apps[0].env.variables.map((v) => [v.name, v.set]), [['NODE_ENV', false]], 'the env assumption is reported');
    assert.strictEqual(result.apps[0].env.origin, 'none');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('follows array and string built-ins in controller paths and module lists', () => {
    const root = app(`import { Controller, Get, Module } from '@nestjs/common';
const base = ['/v2/', 'legacy'].map((p) => p.replace(/^\\/+|\\/+$/g, '')).filter(Boolean).join('/');
@Controller(\`\${base}/items\`)
export class ItemsController { @Get() list() { return []; } }
@Controller('debug')
export class DebugController { @Get() dump() { return []; } }
@Module({ controllers: [DebugController] })
export class DebugModule {}
@Module({ controllers: [ItemsController] })
export class ItemsModule {}
const enableDebug = false;
@Module({ imports: [ItemsModule, enableDebug && DebugModule].filter(Boolean) })
export class AppModule {}
`);
    assert.deepStrictEqual(paths(root), ['GET /v2/legacy/items']);
  });

  it('reads a class\'s name, as a CRUD factory deriving a path from a repository does', () => {
    const root = app(`import { Controller, Get, Module } from '@nestjs/common';
class OrderRepository {}
class SpecialOrderRepository extends OrderRepository {}
const pathOf = (repo: { name: string }) => repo.name.replace(/Repository$/, '').toLowerCase();
@Controller(pathOf(OrderRepository))
export class OrdersController { @Get() list() { return []; } }
@Controller(pathOf(SpecialOrderRepository))
export class SpecialController { @Get() list() { return []; } }
@Module({ controllers: [OrdersController, SpecialController] })
export class AppModule {}
`);
    assert.deepStrictEqual(paths(root), ['GET /order', 'GET /specialorder']);
  });

  it('stays linear on long builder chains (a CLI options builder in the config file)', () => {
    const chain = Array.from({ length: 40 }, (_, i) => `  .option('--flag${i}')`).join('\n');
    const root = app(`import { Controller, Get, Module } from '@nestjs/common';
import { program } from 'commander';
const cli = program
${chain};
const opts = cli.opts();
@Controller(opts.prefix ?? 'things')
export class ThingsController { @Get() list() { return []; } }
@Module({ controllers: [ThingsController] })
export class AppModule {}
`);
    const started = Date.now();
    const result = analyzeWorkspace(root);
    fs.rmSync(root, { recursive: true, force: true });
    // 2^40 evaluations would never finish; a linear walk takes milliseconds.
    assert.ok(Date.now() - started < 10000);
    assert.deepStrictEqual(result.apps[0].routes.map((r) => r.unresolved.length > 0), [true]);
  });
});
