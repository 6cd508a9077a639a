/** Unresolved chain entries that provably cannot add a guard do not make a verdict `unknown`. */
import * as assert from 'assert';
import { benignUnresolved } from '../../../src/core/semantics/benignUnresolved';
import { TestHost, route } from './testHost';

const table = (extraImport: string, element: string) => `import { applyDecorators } from '@nestjs/common';
import * as swagger from '@nestjs/swagger';
${extraImport}
const names = Object.keys(swagger).filter((k) => k.endsWith('Response'));
const table: Record<string, (o: unknown) => MethodDecorator> = names.reduce((acc, n) => ({ ...acc, [n]: ${element} }), {});
export const Documented = () => applyDecorators(...['ApiOkResponse'].flatMap((n) => (table[n] ? [table[n]({})] : [])));
`;

function benign(source: string): boolean {
  const host = TestHost.memory({ 'src/docs.ts': source });
  const at = host.textAt('src/docs.ts', 'table[n] ?');
  const r = route('C', 'h', 'GET', '/a', { unresolved: [{ reason: 'depends on the run-time condition `table[n]`', at }] });
  return benignUnresolved(r, host).length === 1;
}

describe('unresolved decorator tables', () => {
  it('a table built only from @nestjs/swagger exports adds no guard', () => {
    assert.strictEqual(benign(table('', '(swagger as any)[n]')), true);
  });

  it('a table that can hold UseGuards (or any project guard) stays unresolved', () => {
    assert.strictEqual(benign(table("import { UseGuards } from '@nestjs/common';", '() => UseGuards()')), false);
    assert.strictEqual(benign(table("import { JwtGuard } from './jwt.guard';", '() => JwtGuard')), false);
  });
});
