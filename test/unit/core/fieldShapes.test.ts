/**
 * Run-time configuration shapes met in the field (field-findings F8, F19, F25), each as a tiny
 * app on disk: optional chains in a ConditionalModule condition, a root module built by a builder
 * class behind `await import()`, permission tables built with `reduce` (F8, F19, F25), a decorator
 * hung on a function (F30), a controller decorator whose every branch is `Controller(...)` (F34).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';
import type { AppIndex } from '../../../src/core/model';

const MAIN = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
bootstrap();
`;

const FEATURES = `import { Controller, Get, Module } from '@nestjs/common';
@Controller('a') export class AController { @Get() a() { return 1; } }
@Module({ controllers: [AController] }) export class AModule {}
@Controller('b') export class BController { @Get() b() { return 1; } }
@Module({ controllers: [BController] }) export class BModule {}
`;

const SPEC = `import { Controller, Get } from '@nestjs/common';
@Controller('spec-only') export class SpecController { @Get() s() { return 1; } }
`;

function analyse(files: Record<string, string>, env: Record<string, string> = {}): AppIndex {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'field-shapes-'));
  const all: Record<string, string> = { 'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true } }', 'src/main.ts': MAIN, 'src/features.ts': FEATURES, ...files };
  try {
    for (const [rel, text] of Object.entries(all)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return analyzeWorkspace(root, { config: { env, envFiles: [] } }).apps[0];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const paths = (app: AppIndex): string[] => app.routes.map((r) => `${r.httpMethod} ${r.path}${r.condition ? ` if ${r.condition}` : ''}`).sort();

describe('run-time configuration shapes from the field', () => {
  const conditional = (condition: string): string => `import { Module } from '@nestjs/common';
import { ConditionalModule, ConfigModule } from '@nestjs/config';
import { AModule } from './features';
@Module({ imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), ConditionalModule.registerWhen(AModule, (env) => ${condition})] })
export class AppModule {}
`;

  it('an optional chain over an unset variable is undefined to the end of the chain (F19)', () => {
    for (const condition of ["Boolean(env.PROVIDERS?.split(',')?.includes('a'))", "Boolean(env['PROVIDERS']?.split(',').includes('a'))"]) {
      assert.deepStrictEqual(paths(analyse({ 'src/app.module.ts': conditional(condition) })), [], condition);
      assert.deepStrictEqual(paths(analyse({ 'src/app.module.ts': conditional(condition) }, { PROVIDERS: 'b,a' })), ['GET /a'], condition);
      assert.deepStrictEqual(paths(analyse({ 'src/app.module.ts': conditional(condition) }, { PROVIDERS: 'b' })), [], condition);
    }
  });

  it('a member call on an unset variable without ?. (it would throw) stays undecided', () => {
    const app = analyse({ 'src/app.module.ts': conditional("env.PROVIDERS.split(',').includes('a')") });
    assert.deepStrictEqual(paths(app).length, 1);
    assert.ok(app.routes[0].condition, 'listed only under the condition');
  });

  const builder = `import { Module, Type } from '@nestjs/common';
import { AModule, BModule } from './features';
export class AppModuleBuilder {
  private readonly modules: Type[] = [];
  use(...modules: Type[]): this { this.modules.push(...modules); return this; }
  useIf(condition: () => boolean, ...modules: Type[]): this {
    if (condition()) this.modules.push(...modules);
    return this;
  }
  compile(): Type {
    @Module({ imports: this.modules })
    class AppModule {}
    return AppModule;
  }
}
export function buildAppModule(): Type {
  return new AppModuleBuilder().use(AModule).useIf(() => process.env.WITH_B === 'true', BModule).compile();
}
export const AppModule = buildAppModule();
`;
  const lazyMain = `import { NestFactory } from '@nestjs/core';
export async function createApp() {
  const { AppModule } = await import('./app.module');
  return NestFactory.create(AppModule);
}
async function start() { const app = await createApp(); await app.listen(3000); }
void start();
`;

  it('a root module built by a builder class behind await import() is followed with the env (F8)', () => {
    const files = { 'src/main.ts': lazyMain, 'src/app.module.ts': builder, 'test/app.e2e-spec.ts': SPEC, 'src/app.spec.ts': SPEC };
    const none = analyse(files);
    assert.strictEqual(none.rootModule, 'AppModule');
    assert.deepStrictEqual(paths(none), ['GET /a']);
    assert.ok(!none.diagnostics.some((d) => /root module/.test(d.message)), JSON.stringify(none.diagnostics));
    assert.deepStrictEqual(paths(analyse(files, { WITH_B: 'true' })), ['GET /a', 'GET /b']);
  });

  it('a builder used in statements: methods that call each other, forEach callbacks, and a list it cannot read said loudly', () => {
    const statements = `import { Module, Type } from '@nestjs/common';
import { AModule, BModule } from './features';
declare const PLUGINS: Type[];
class Builder {
  private modules: Type[] = [];
  use(...modules: Type[]): this { modules.forEach((m) => { this.modules.push(m); }); return this; }
  useIf(condition: () => boolean, ...modules: Type[]): this { if (condition()) this.use(...modules); return this; }
  compile(): Type { @Module({ imports: this.modules }) class AppModule {} return AppModule; }
}
function build(): Type {
  const b = new Builder();
  b.use(AModule).useIf(() => process.env.WITH_B === 'true', BModule);
  PLUGINS.forEach((p) => b.use(p));
  return b.compile();
}
export const AppModule = build();
`;
    const none = analyse({ 'src/app.module.ts': statements });
    assert.deepStrictEqual(paths(none), ['GET /a']);
    assert.ok(none.diagnostics.some((d) => d.severity === 'warning' && /^not followed: `PLUGINS\.forEach\(.*what it adds is not listed$/.test(d.message)), JSON.stringify(none.diagnostics));
    assert.deepStrictEqual(paths(analyse({ 'src/app.module.ts': statements }, { WITH_B: 'true' })), ['GET /a', 'GET /b']);
  });

  it('a root module that cannot be followed is a warning, and the fallback leaves test files out (F8)', () => {
    const main = `import { NestFactory } from '@nestjs/core';
async function start() {
  const { AppModule } = await import(process.env.ROOT_MODULE as string);
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
void start();
`;
    const app = analyse({ 'src/main.ts': main, 'src/app.spec.ts': SPEC, 'tests/guard.ts': SPEC });
    const warning = app.diagnostics.find((d) => /^root module not resolved: .*listing every @Controller outside test files/.test(d.message));
    assert.ok(warning && warning.severity === 'warning' && warning.at?.line === 3, JSON.stringify(app.diagnostics));
    assert.deepStrictEqual(paths(app), ['GET /a', 'GET /b']);
  });

  it('a root module that is no module class says what it is', () => {
    const app = analyse({ 'src/app.module.ts': "export const AppModule = { name: 'not a module' };\n" });
    assert.ok(app.diagnostics.some((d) => d.severity === 'warning' && /root module not resolved: `AppModule` evaluates to an object, not a module class/.test(d.message)), JSON.stringify(app.diagnostics));
  });

  const permissions = (table: string): Record<string, string> => ({
    'src/app.module.ts': `import { Controller, Get, Module, SetMetadata } from '@nestjs/common';
${table}
@Controller('users')
export class UsersController {
  @SetMetadata('permission', PERMS.LIST) @Get() list() { return []; }
}
@Module({ controllers: [UsersController] }) export class AppModule {}
`,
  });

  it('a permission table built with reduce has its values, labelled with the name they were read through (F25)', () => {
    const app = analyse(
      permissions(`function define(prefix: string, actions: readonly string[]): Record<string, string> {
  return actions.reduce<Record<string, string>>((acc, action) => {
    acc[action.toUpperCase()] = \`\${prefix}:\${action}\`;
    return acc;
  }, {});
}
const PERMS = define('system:user', ['list', 'create'] as const);`),
    );
    const entry = app.routes[0].metadata.find((m) => m.key === 'permission');
    assert.deepStrictEqual(entry?.values, ['system:user:list']);
    assert.deepStrictEqual(entry?.value, { type: 'string', literal: 'system:user:list' });
  });

  it('a value the analysis cannot compute is shown as unknown, never as the source text it stopped at (F25)', () => {
    const app = analyse(permissions(`import { hostname } from 'os';\nconst PERMS = { LIST: hostname().split('.').reduceRight((a: string, b: string) => a + b) };`));
    const entry = app.routes[0].metadata.find((m) => m.key === 'permission');
    assert.deepStrictEqual(entry?.value, { type: 'unknown' });
    assert.deepStrictEqual([entry?.values, entry?.labels], [['<unknown>'], ['<unknown>']]);
  });

  it('a decorator hung on a decorator factory (Cached.off = (t, k, d) => ...) is followed, descriptor.value included (F30)', () => {
    const app = analyse({
      'src/app.module.ts': `import { Controller, Get, Module, SetMetadata } from '@nestjs/common';
export function Cached(ttl: number): MethodDecorator {
  return (_t, _k, descriptor: PropertyDescriptor) => { SetMetadata('ttl', ttl)(descriptor.value); };
}
Cached.off = (_t: object, _k: string | symbol, descriptor: PropertyDescriptor): void => { SetMetadata('cache-off', true)(descriptor.value); };
@Controller('status')
export class StatusController {
  @Cached(30) @Get() summary() { return 1; }
  @Cached.off @Get('uptime') uptime() { return 1; }
}
@Module({ controllers: [StatusController] }) export class AppModule {}
`,
    });
    const meta = app.routes.map((r) => [r.path, r.metadata.map((m) => `${m.key}=${m.values.join(',')}`), r.unresolved.length, r.verdict]);
    assert.deepStrictEqual(meta, [['/status', ['ttl=30'], 0, 'unprotected'], ['/status/uptime', ['cache-off=true'], 0, 'unprotected']]);
  });

  it('a controller decorator whose every branch returns Controller(...) leaves only the path unknown (F34)', () => {
    const app = analyse({
      'src/app.module.ts': `import { Controller, Get, Module } from '@nestjs/common';
import { hostname } from 'os';
const ApiController = (path?: string | string[]) => {
  if (!path) return Controller('api');
  if (typeof path === 'string') return Controller(\`api/\${path}\`);
  return Controller(path.map((p) => \`api/\${p}\`));
};
@ApiController(hostname())
export class ItemsController { @Get() list() { return []; } }
@Module({ controllers: [ItemsController] }) export class AppModule {}
`,
    });
    const [route] = app.routes;
    assert.strictEqual(route.verdict, 'unprotected', route.why);
    assert.deepStrictEqual(route.unresolved.map((u) => [u.affects, u.expression]), [['path', '@ApiController(hostname())']]);
  });
});
