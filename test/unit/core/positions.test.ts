import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeWorkspace } from '../../../src/core/analyzer';

/** The app's routes with the controller written with `eol` as line ending. */
function routesWith(eol: string): Array<{ handler: string; line: number; column: number }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'positions-'));
  try {
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "experimentalDecorators": true } }');
    fs.writeFileSync(path.join(root, 'src/main.ts'), "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app';\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n");
    const lines = [
      "import { Controller, Get, Module } from '@nestjs/common';",
      "@Controller('items')",
      'export class ItemsController {',
      '  @Get()',
      '  list() { return []; }',
      '',
      "  @Get(':id')",
      '    one() { return {}; }',
      '}',
      '@Module({ controllers: [ItemsController] })',
      'export class AppModule {}',
    ];
    fs.writeFileSync(path.join(root, 'src/app.ts'), lines.join(eol));
    return analyzeWorkspace(root).apps[0].routes.map((r) => ({ handler: r.handler, line: r.line, column: r.column }));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('positions are counted as editors count them', () => {
  const expected = [{ handler: 'list', line: 5, column: 3 }, { handler: 'one', line: 8, column: 5 }];
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR-only', '\r']]) {
    it(`handler lines and columns with ${name} line endings`, () => {
      assert.deepStrictEqual(routesWith(eol), expected);
    });
  }
});
