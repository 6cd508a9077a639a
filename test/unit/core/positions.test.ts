import * as assert from 'assert';
import { routesOf } from './tinyApp';

/** The app's routes with the controller written with `eol` as line ending. */
function routesWith(eol: string): Array<{ handler: string; line: number; column: number }> {
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
  return routesOf(lines.join(eol)).map((r) => ({ handler: r.handler, line: r.line, column: r.column }));
}

describe('positions are counted as editors count them', () => {
  const expected = [{ handler: 'list', line: 5, column: 3 }, { handler: 'one', line: 8, column: 5 }];
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR-only', '\r']]) {
    it(`handler lines and columns with ${name} line endings`, () => {
      assert.deepStrictEqual(routesWith(eol), expected);
    });
  }
});
