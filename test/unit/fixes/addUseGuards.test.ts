import * as assert from 'assert';
import { addUseGuards, createMtlsGuard } from '../../../src/core/fixes';
import { assertGolden, assertRefused, MemoryProject } from './helpers';

const ORDERS = 'src/orders/orders.controller.ts';
const REPORTS = 'src/reports/reports.controller.ts';

function withGuard(fixture: string, controllerName: string): MemoryProject {
  const p = MemoryProject.load(fixture);
  return p.apply(createMtlsGuard({ root: p.root, reader: p, controllerName }));
}

describe('fixes/addUseGuards', () => {
  it('adds @UseGuards(MtlsAuthGuard) to a controller, with both imports', () => {
    const p = withGuard('fix-basic', 'OrdersController');
    p.apply(addUseGuards({ root: p.root, reader: p, file: p.file(ORDERS), className: 'OrdersController' }));
    assertGolden('fix-basic/orders.controller.useGuards-class.ts', p.text(ORDERS));
  });

  it('is idempotent: a second run is refused and the controller-level guard covers the handlers', () => {
    const p = withGuard('fix-basic', 'OrdersController');
    const target = { root: p.root, reader: p, file: p.file(ORDERS), className: 'OrdersController' };
    p.apply(addUseGuards(target));
    assertRefused(addUseGuards(target), /^already guarded: OrdersController has @UseGuards\(MtlsAuthGuard\)$/);
    assertRefused(addUseGuards({ ...target, methodName: 'list' }), /^already guarded/);
  });

  it('keeps quotes, semicolons, indentation and the multi-line import; merges into an existing @UseGuards first', () => {
    const p = withGuard('fix-style', 'ReportsController');
    const target = { root: p.root, reader: p, file: p.file(REPORTS), className: 'ReportsController' };
    p.apply(addUseGuards({ ...target, methodName: 'findOne' }));
    p.apply(addUseGuards({ ...target, methodName: 'exportAll' }));
    p.apply(addUseGuards({ ...target, methodName: 'list' }));
    assertGolden('fix-style/reports.controller.useGuards-handlers.ts', p.text(REPORTS));
    assertRefused(addUseGuards({ ...target, methodName: 'findOne' }), /^already guarded: ReportsController\.findOne/);
  });

  it('imports the guard through the tsconfig paths alias when it lives under an aliased folder', () => {
    const p = withGuard('fix-style', 'ReportsController');
    const fix = addUseGuards({ root: p.root, reader: p, file: p.file(REPORTS), className: 'ReportsController', methodName: 'list' });
    assert.ok(fix.edits.some((e) => e.newText === '\nimport { MtlsAuthGuard } from "@app/auth/mtls-auth.guard"'));
  });

  it('keeps CRLF line endings', () => {
    const p = withGuard('fix-basic', 'OrdersController');
    p.files.set(p.file(ORDERS), p.text(ORDERS).replace(/\n/g, '\r\n'));
    p.apply(addUseGuards({ root: p.root, reader: p, file: p.file(ORDERS), className: 'OrdersController', methodName: 'remove' }));
    const text = p.text(ORDERS);
    assert.ok(text.includes("@Delete(':id')\r\n  @UseGuards(MtlsAuthGuard)\r\n  remove("), text);
    assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
  });

  it('refuses a missing class, method or guard, and a file with syntax errors', () => {
    const p = MemoryProject.load('fix-basic');
    const base = { root: p.root, reader: p, file: p.file(ORDERS), className: 'OrdersController' };
    assertRefused(addUseGuards(base), /^MtlsAuthGuard not found at mtls-auth\.guard\.ts; create it first$/);
    const g = withGuard('fix-basic', 'OrdersController');
    assertRefused(addUseGuards({ ...base, reader: g, className: 'Nope' }), /^class Nope not found in orders\.controller\.ts$/);
    assertRefused(addUseGuards({ ...base, reader: g, methodName: 'nope' }), /^method OrdersController\.nope not found/);
    g.files.set(p.file(ORDERS), g.text(ORDERS).replace('list() {', 'list( {'));
    assertRefused(addUseGuards({ ...base, reader: g }), /^orders\.controller\.ts has syntax errors/);
    assertRefused(addUseGuards({ ...base, reader: g, file: p.file('src/missing.ts') }), /^missing\.ts not found$/);
  });

  it('never adds a guard that is already there after another one (@UseGuards(AuditGuard, MtlsAuthGuard))', () => {
    const p = withGuard('fix-basic', 'OrdersController');
    const original = p.text(ORDERS);
    const audited = (level: 'class' | 'handler'): string => original
      .replace("import { Controller,", "import { AuditGuard } from '../audit.guard';\nimport { MtlsAuthGuard } from '../auth/mtls-auth.guard';\nimport { UseGuards, Controller,")
      .replace(level === 'class' ? "@Controller('orders')" : '  @Get()\n', level === 'class' ? "@UseGuards(AuditGuard, MtlsAuthGuard)\n@Controller('orders')" : '  @Get()\n  @UseGuards(AuditGuard, MtlsAuthGuard)\n');
    const target = { root: p.root, reader: p, file: p.file(ORDERS), className: 'OrdersController' };

    p.files.set(p.file(ORDERS), audited('class'));
    assertRefused(addUseGuards(target), /^already guarded: OrdersController has @UseGuards\(MtlsAuthGuard\)$/);
    assertRefused(addUseGuards({ ...target, methodName: 'list' }), /^already guarded: OrdersController has @UseGuards\(MtlsAuthGuard\)$/);

    p.files.set(p.file(ORDERS), audited('handler'));
    assertRefused(addUseGuards({ ...target, methodName: 'list' }), /^already guarded: OrdersController\.list has @UseGuards\(MtlsAuthGuard\)$/);
    // Another handler is still guarded normally: the refusal is about this target, not the file.
    const other = addUseGuards({ ...target, methodName: 'remove' });
    assert.strictEqual(other.refused, undefined);
    assert.strictEqual(p.apply(other).text(ORDERS).match(/MtlsAuthGuard\)/g)?.length, 2);
  });
});
