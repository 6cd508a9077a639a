/**
 * Config-driven shapes found in real apps, each as a tiny app on disk: what ConfigService returns,
 * which env files are read, how undecided conditions and missing packages come out.
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

const CONTROLLERS = `import { Controller, Get, Module } from '@nestjs/common';
@Controller('a') export class AController { @Get() a() { return 1; } }
@Module({ controllers: [AController] }) export class AModule {}
@Controller('b') export class BController { @Get() b() { return 1; } }
@Module({ controllers: [BController] }) export class BModule {}
`;

function project(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'config-shapes-'));
  const all: Record<string, string> = { 'tsconfig.json': '{ "compilerOptions": { "experimentalDecorators": true } }', 'src/main.ts': MAIN, 'src/features.ts': CONTROLLERS, ...files };
  for (const [rel, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function analyse(files: Record<string, string>, env: Record<string, string> = {}, envFiles: string[] = []): AppIndex {
  const root = project(files);
  try {
    return analyzeWorkspace(root, { config: { env, envFiles } }).apps[0];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const paths = (app: AppIndex): string[] => app.routes.map((r) => `${r.httpMethod} ${r.path}${r.condition ? ` if ${r.condition}` : ''}`).sort();

const PREFIX_MAIN = (expr: string): string => `import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  const config = app.get(ConfigService);
  app.setGlobalPrefix(${expr});
  await app.listen(3000);
}
bootstrap();
`;

describe('@nestjs/config followed statically', function () {
  this.timeout(30000);

  it('reads a nested key of a plain load factory (the documented `configuration()` shape)', () => {
    const files = {
      'src/config/configuration.ts': "export default () => ({ http: { prefix: process.env.HTTP_PREFIX ?? 'api', port: parseInt(process.env.PORT ?? '3000', 10) } });\n",
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import configuration from './config/configuration';
import { AModule } from './features';
@Module({ imports: [ConfigModule.forRoot({ load: [configuration] }), AModule] })
export class AppModule {}
`,
      'src/main.ts': PREFIX_MAIN("config.get<string>('http.prefix')"),
    };
    assert.deepStrictEqual(paths(analyse(files)), ['GET /api/a']);
    const app = analyse(files, { HTTP_PREFIX: 'edge' });
    assert.deepStrictEqual(paths(app), ['GET /edge/a']);
    assert.deepStrictEqual(app.env.variables.map((v) => [v.name, v.value]), [['HTTP_PREFIX', 'edge'], ['PORT', undefined]]);
    assert.deepStrictEqual(app.env.variables[0].readAt.map((l) => `${l.file}:${l.line}`), ['src/config/configuration.ts:1']);
  });

  it('follows validate() built on plainToInstance: a class default stands in for an unset variable', () => {
    const files = {
      'src/env.validation.ts': `import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
class EnvironmentVariables {
  @IsString() API_PREFIX: string = 'from-default';
  PORT: number = 3000;
}
export function validate(config: Record<string, unknown>) {
  const validated = plainToInstance(EnvironmentVariables, config, { enableImplicitConversion: true });
  const errors = validateSync(validated, { skipMissingProperties: false });
  if (errors.length > 0) throw new Error(errors.toString());
  return validated;
}
`,
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validate } from './env.validation';
import { AModule } from './features';
@Module({ imports: [ConfigModule.forRoot({ validate }), AModule] })
export class AppModule {}
`,
      'src/main.ts': PREFIX_MAIN("config.getOrThrow('API_PREFIX')"),
    };
    assert.deepStrictEqual(paths(analyse(files)), ['GET /from-default/a']);
    assert.deepStrictEqual(paths(analyse(files, { API_PREFIX: 'given' })), ['GET /given/a']);
  });

  it('reads the env itself, and says so, when validate() cannot be followed', () => {
    const files = {
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { parseEnv } from 'some-env-schema';
import { AModule } from './features';
@Module({ imports: [ConfigModule.forRoot({ validate: (raw: Record<string, unknown>) => parseEnv(raw) }), AModule] })
export class AppModule {}
`,
      'src/main.ts': PREFIX_MAIN("config.get('API_PREFIX', 'fallback')"),
    };
    const app = analyse(files, { API_PREFIX: 'envd' });
    assert.deepStrictEqual(paths(app), ['GET /envd/a']);
    assert.ok(app.diagnostics.some((d) => /validate\(\) returns is not followed/.test(d.message)), JSON.stringify(app.diagnostics));
  });

  it('gives a prefix that getOrThrow cannot find as a path-only unknown, with the expression and where', () => {
    const files = {
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AModule } from './features';
@Module({ imports: [ConfigModule.forRoot(), AModule] })
export class AppModule {}
`,
      'src/main.ts': PREFIX_MAIN("config.getOrThrow('app.prefix')"),
    };
    const app = analyse(files);
    const u = app.routes[0].unresolved.find((x) => x.affects === 'path');
    assert.ok(u, JSON.stringify(app.routes[0].unresolved));
    assert.match(u.reason, /getOrThrow\('app\.prefix'\) throws/);
    assert.strictEqual(u.expression, "config.getOrThrow('app.prefix')");
    assert.strictEqual(u.at?.file, 'src/main.ts');
  });

  it('a ConfigService made with new reads only the env', () => {
    const files = {
      'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { AModule } from './features';\n@Module({ imports: [AModule] })\nexport class AppModule {}\n",
      'src/main.ts': PREFIX_MAIN("new ConfigService().get('P', 'dflt')"),
    };
    assert.deepStrictEqual(paths(analyse(files)), ['GET /dflt/a']);
    assert.deepStrictEqual(paths(analyse(files, { P: 'x' })), ['GET /x/a']);
  });
});

describe('env files the app reads by itself', function () {
  this.timeout(30000);
  const module = (options: string): string => `import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { join } from 'path';
import { AModule } from './features';
@Module({ imports: [ConfigModule.forRoot(${options}), AModule] })
export class AppModule {}
`;
  const main = PREFIX_MAIN("process.env.PREFIX ?? 'none'");

  it('default .env beside the app, unless ignoreEnvFile', () => {
    assert.deepStrictEqual(paths(analyse({ '.env': 'PREFIX=dot\n', 'src/app.module.ts': module(''), 'src/main.ts': main })), ['GET /dot/a']);
    const ignored = analyse({ '.env': 'PREFIX=dot\n', 'src/app.module.ts': module('{ ignoreEnvFile: true }'), 'src/main.ts': main });
    assert.deepStrictEqual([paths(ignored), ignored.env.origin, ignored.env.files], [['GET /none/a'], 'none', []]);
  });

  it('envFilePath from process.cwd() and a list, first file wins, each expanded as it is read (as @nestjs/config does)', () => {
    const app = analyse({
      'config/.env.local': 'PREFIX=${BASE}-local\n',
      'config/.env': 'PREFIX=shared\nBASE=b\n',
      'src/app.module.ts': module("{ envFilePath: [join(process.cwd(), 'config', '.env.local'), 'config/.env'], expandVariables: true }"),
      'src/main.ts': main,
    });
    // BASE is only in the second file: when the first one is expanded it is not known yet.
    assert.deepStrictEqual(paths(app), ['GET /-local/a']);
    assert.deepStrictEqual(app.env.files, [{ file: 'config/.env.local', found: true }, { file: 'config/.env', found: true }]);
    assert.strictEqual(app.env.origin, 'app');
  });

  it('import "dotenv/config" in the entry loads .env before anything, and wins over ConfigModule files', () => {
    const app = analyse({
      '.env': 'PREFIX=from-dotenv\n',
      '.env.app': 'PREFIX=from-config\n',
      'src/app.module.ts': module("{ envFilePath: '.env.app' }"),
      'src/main.ts': `import 'dotenv/config';\n${main}`,
    });
    assert.deepStrictEqual(paths(app), ['GET /from-dotenv/a']);
  });

  it('an app that loads no env file sees no .env, and given env replaces what the app would read', () => {
    const noConfig = "import { Module } from '@nestjs/common';\nimport { AModule } from './features';\n@Module({ imports: [AModule] })\nexport class AppModule {}\n";
    assert.deepStrictEqual(paths(analyse({ '.env': 'PREFIX=dot\n', 'src/app.module.ts': noConfig, 'src/main.ts': main })), ['GET /none/a']);
    const given = analyse({ '.env': 'PREFIX=dot\n', 'deploy.env': 'PREFIX=deployed\n', 'src/app.module.ts': module(''), 'src/main.ts': main }, {}, ['deploy.env']);
    assert.deepStrictEqual([paths(given), given.env.origin], [['GET /deployed/a'], 'given']);
  });

  it('--env variables are the process environment: the app still loads its own file, chosen by them, beneath them', () => {
    const files = {
      '.env.staging': 'PREFIX=staging-file\nREGION=eu\n',
      'src/app.module.ts': module('{ envFilePath: `.env.${process.env.STAGE}` }'),
      'src/main.ts': PREFIX_MAIN("`${process.env.PREFIX}-${process.env.REGION}`"),
    };
    const app = analyse(files, { STAGE: 'staging' });
    assert.deepStrictEqual([paths(app), app.env.origin, app.env.files], [['GET /staging-file-eu/a'], 'app', [{ file: '.env.staging', found: true }]]);
    assert.deepStrictEqual(paths(analyse(files, { STAGE: 'staging', PREFIX: 'mine' })), ['GET /mine-eu/a']);
  });

  it('dotenv.config() in a module imported before the app module loads first; one inside bootstrap() loads after ConfigModule', () => {
    const app = analyse({
      'early.env': 'PREFIX=early\n',
      'late.env': 'PREFIX=late\nREGION=late\n',
      '.env': 'PREFIX=config\nREGION=config\n',
      'src/env.ts': "import * as dotenv from 'dotenv';\ndotenv.config({ path: 'early.env' });\n",
      'src/app.module.ts': module(''),
      'src/main.ts': PREFIX_MAIN("`${process.env.PREFIX}-${process.env.REGION}`").replace("import { NestFactory } from '@nestjs/core';", "import './env';\nimport { config as loadEnv } from 'dotenv';\nimport { NestFactory } from '@nestjs/core';").replace('async function bootstrap() {', "async function bootstrap() {\n  loadEnv({ path: 'late.env' });"),
    });
    assert.deepStrictEqual(paths(app), ['GET /early-config/a']);
    assert.deepStrictEqual(app.env.files.map((f) => f.file), ['early.env', '.env', 'late.env']);
  });

  it('a dotenvx-encrypted value is set but unknown: the path says so, the report hides it', () => {
    const app = analyse({ '.env': 'PREFIX="encrypted:BNiFTykylg65h5Bshx3L"\n', 'src/app.module.ts': module(''), 'src/main.ts': main });
    assert.match(app.routes[0].unresolved.find((u) => u.affects === 'path')?.reason ?? '', /PREFIX is encrypted \(dotenvx\)/);
    assert.deepStrictEqual(app.env.variables, [{ name: 'PREFIX', set: true, readAt: app.env.variables[0].readAt }]);
  });

  it('hides secret-looking values in the report', () => {
    const app = analyse({
      'src/app.module.ts': module(''),
      'src/main.ts': PREFIX_MAIN("process.env.JWT_SECRET && process.env.DATABASE_URL && process.env.HOST ? 'x' : 'y'"),
    }, { JWT_SECRET: 's3cr3t', DATABASE_URL: 'postgres://u:p@db/x', HOST: 'h' });
    const shown = Object.fromEntries(app.env.variables.map((v) => [v.name, v.value ?? (v.set ? '(hidden)' : '(unset)')]));
    assert.deepStrictEqual(shown, { DATABASE_URL: '(hidden)', HOST: 'h', JWT_SECRET: '(hidden)' });
  });
});

describe('conditions, require and import()', function () {
  this.timeout(30000);

  it('an undecided if that returns lists both sides, each route marked with its condition', () => {
    const app = analyse({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { existsSync } from 'fs';
import { AModule, BModule } from './features';
function features() {
  if (existsSync('/etc/feature-b')) return [BModule];
  return [AModule];
}
@Module({ imports: [...features()] })
export class AppModule {}
`,
    });
    assert.deepStrictEqual(paths(app), ["GET /a if !(existsSync('/etc/feature-b'))", "GET /b if existsSync('/etc/feature-b')"]);
  });

  it('a branch that needs a package which is not installed is skipped and named; the other branch still counts', () => {
    const app = analyse({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { existsSync } from 'fs';
import { AModule } from './features';
const Billing = existsSync('/licence') ? require('@vendor/billing-ee').BillingModule : AModule;
@Module({ imports: [Billing] })
export class AppModule {}
`,
    });
    assert.deepStrictEqual(paths(app), ["GET /a if !(existsSync('/licence'))"]);
    assert.ok(app.diagnostics.some((d) => d.severity === 'warning' && /'@vendor\/billing-ee', which is not installed/.test(d.message)), JSON.stringify(app.diagnostics));
  });

  it('a list built at the top of the module file with push, decided by the env', () => {
    const files = {
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { AModule, BModule } from './features';
const modules: any[] = [AModule];
if (process.env.WITH_B === 'yes') {
  modules.push(BModule);
}
@Module({ imports: modules })
export class AppModule {}
`,
    };
    assert.deepStrictEqual(paths(analyse(files)), ['GET /a']);
    assert.deepStrictEqual(paths(analyse(files, { WITH_B: 'yes' })), ['GET /a', 'GET /b']);
  });

  it('a module pushed under an undecided condition is listed as conditional', () => {
    const app = analyse({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { AModule, BModule } from './features';
function list(flag: () => boolean) {
  const out: any[] = [AModule];
  if (flag()) out.push(BModule);
  return out;
}
@Module({ imports: list(() => Math.random() > 0.5) })
export class AppModule {}
`,
    });
    assert.deepStrictEqual(paths(app), ['GET /a', 'GET /b if flag()']);
  });

  it('require of a project file, import().then and await import() destructured', () => {
    const app = analyse({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
const { AModule } = require('./features');
@Module({ imports: [AModule] })
export class AppModule {}
`,
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
async function bootstrap() {
  const { AppModule } = await import('./app.module');
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix(await import('./prefix').then((m) => m.PREFIX));
  await app.listen(3000);
}
bootstrap();
`,
      'src/prefix.ts': "export const PREFIX = 'lazy';\n",
    });
    assert.deepStrictEqual([app.rootModule, ...paths(app)], ['AppModule', 'GET /lazy/a']);
  });

  it('a context path built with += from process.env taken whole (typeof process is an object)', () => {
    const files = {
      'src/context.ts': `export function contextPath(): string {
  const env = typeof process !== 'undefined' && process?.env ? process.env : undefined;
  if (!env) return '';
  let path = env.GLOBAL_PATH ? \`\${env.GLOBAL_PATH}/\` : '';
  if (env.API_PATH) path += \`\${env.API_PATH}/\`;
  return path;
}
`,
      'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { AModule } from './features';\n@Module({ imports: [AModule] })\nexport class AppModule {}\n",
      'src/main.ts': PREFIX_MAIN("`${contextPath()}v9`").replace("import { AppModule } from './app.module';", "import { AppModule } from './app.module';\nimport { contextPath } from './context';"),
    };
    assert.deepStrictEqual(paths(analyse(files)), ['GET /v9/a']);
    assert.deepStrictEqual(paths(analyse(files, { GLOBAL_PATH: 'g', API_PATH: 'api' })), ['GET /g/api/v9/a']);
  });

  it('ConditionalModule with a condition the analysis cannot decide lists the module as conditional', () => {
    const app = analyse({
      'src/app.module.ts': `import { Module } from '@nestjs/common';
import { ConditionalModule, ConfigModule } from '@nestjs/config';
import { AModule, BModule } from './features';
@Module({ imports: [ConfigModule.forRoot(), AModule, ConditionalModule.registerWhen(BModule, (env) => Number(env.SHARDS) > Date.now())] })
export class AppModule {}
`,
    });
    assert.deepStrictEqual(paths(app).map((p) => p.replace(/ if .*/, ' if …')), ['GET /a', 'GET /b if …']);
  });
});
