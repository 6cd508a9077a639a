/**
 * Writes a synthetic NestJS monorepo-sized app for the benchmark: feature modules with a
 * controller, a guard-carrying composite decorator, and many files that cannot change any route
 * (DTOs, entities, services), as in a real codebase.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface SyntheticShape {
  features: number;
  /** Route-irrelevant files per feature (DTOs, entities, services). */
  filler: number;
}

export function writeSyntheticApp(root: string, shape: SyntheticShape): { files: number; routes: number } {
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  let files = 0;
  write('tsconfig.json', JSON.stringify({ compilerOptions: { experimentalDecorators: true, baseUrl: '.', paths: { '@app/auth': ['src/auth'] } } }));
  write('src/auth/index.ts', "export * from './jwt.guard';\nexport * from './auth.decorator';\n");
  write('src/auth/jwt.guard.ts', "import { CanActivate, Injectable } from '@nestjs/common';\n@Injectable()\nexport class JwtGuard implements CanActivate {\n  canActivate() { return true; }\n}\n");
  write('src/auth/auth.decorator.ts', "import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';\nimport { JwtGuard } from './jwt.guard';\nexport const Auth = (...roles: string[]) => applyDecorators(UseGuards(JwtGuard), SetMetadata('roles', roles));\n");
  files += 3;
  const modules: string[] = [];
  for (let i = 0; i < shape.features; i++) {
    const name = `Feature${i}`;
    const dir = `src/feature${i}`;
    write(`${dir}/feature${i}.controller.ts`, [
      "import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';",
      "import { Auth } from '@app/auth';",
      `import { ${name}Service } from './feature${i}.service';`,
      `import { Create${name}Dto } from './dto/create.dto';`,
      `@Controller('feature${i}')`,
      `export class ${name}Controller {`,
      `  constructor(private readonly service: ${name}Service) {}`,
      "  @Get() list() { return this.service.list(); }",
      "  @Get(':id') @Auth('reader') one(@Param('id') id: string) { return this.service.one(id); }",
      "  @Post() @Auth('writer') create(@Body() dto: Create" + name + 'Dto) { return dto; }',
      "  @Delete(':id') @Auth('admin') remove(@Param('id') id: string) { return id; }",
      '}',
    ].join('\n'));
    write(`${dir}/feature${i}.module.ts`, [
      "import { Module } from '@nestjs/common';",
      `import { ${name}Controller } from './feature${i}.controller';`,
      `import { ${name}Service } from './feature${i}.service';`,
      `@Module({ controllers: [${name}Controller], providers: [${name}Service] })`,
      `export class ${name}Module {}`,
    ].join('\n'));
    write(`${dir}/feature${i}.service.ts`, `export class ${name}Service {\n  list() { return []; }\n  one(id: string) { return { id }; }\n}\n`);
    write(`${dir}/dto/create.dto.ts`, `export class Create${name}Dto {\n  name!: string;\n}\n`);
    files += 4;
    for (let j = 0; j < shape.filler; j++) {
      const fields = Array.from({ length: 12 }, (_, k) => `  field${k}!: string;`).join('\n');
      write(`${dir}/entities/entity${j}.ts`, `export interface Entity${i}x${j} {\n  id: string;\n}\nexport class Model${i}x${j} {\n${fields}\n  describe(): string { return [${Array.from({ length: 12 }, (_, k) => `this.field${k}`).join(', ')}].join(','); }\n}\n`);
      files += 1;
    }
    modules.push(name);
  }
  write('src/app.module.ts', [
    "import { Module } from '@nestjs/common';",
    ...modules.map((m, i) => `import { ${m}Module } from './feature${i}/feature${i}.module';`),
    `@Module({ imports: [${modules.map((m) => `${m}Module`).join(', ')}] })`,
    'export class AppModule {}',
  ].join('\n'));
  write('src/main.ts', "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api');\n  await app.listen(3000);\n}\nbootstrap();\n");
  files += 2;
  return { files, routes: shape.features * 4 };
}
