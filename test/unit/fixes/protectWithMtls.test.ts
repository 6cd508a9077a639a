import * as assert from 'assert';
import * as path from 'path';
import { addHttpsOptions, addUseGuards, applyEdits, createMtlsGuard, protectWithMtls } from '../../../src/core/fixes';
import { parsedFileCount } from '../../../src/core/fixes/parse';
import { assertRefused, MemoryProject } from './helpers';

const ORDERS = 'src/orders/orders.controller.ts';

describe('fixes/protectWithMtls (create the guard, use it, ask for client certificates: one fix)', () => {
  it('gives the same files as createMtlsGuard then addUseGuards', () => {
    const one = MemoryProject.load('fix-basic');
    const target = { root: one.root, file: one.file(ORDERS), className: 'OrdersController', methodName: 'remove' };
    one.apply(protectWithMtls({ ...target, reader: one }));
    const two = MemoryProject.load('fix-basic');
    two.apply(createMtlsGuard({ root: two.root, reader: two, controllerName: 'OrdersController' }));
    two.apply(addUseGuards({ ...target, reader: two }));
    two.apply(addHttpsOptions({ root: two.root, reader: two }));
    assert.deepStrictEqual([...one.files].sort(), [...two.files].sort());
    assert.match(one.read(one.file('src/main.ts')) ?? '', /requestCert: true/);
  });

  it('only adds @UseGuards when the guard already exists and is registered; then refuses', () => {
    const p = MemoryProject.load('fix-basic');
    p.apply(createMtlsGuard({ root: p.root, reader: p, controllerName: 'OrdersController' }));
    const target = { root: p.root, reader: p, file: p.file(ORDERS), className: 'OrdersController' };
    const fix = protectWithMtls(target);
    // The controller, and the bootstrap file that must ask for client certificates.
    assert.deepStrictEqual([fix.creates.length, [...new Set(fix.edits.map((e) => path.basename(e.file)))].sort()], [0, ['main.ts', 'orders.controller.ts']]);
    p.apply(fix);
    assertRefused(protectWithMtls(target), /^already guarded: OrdersController has @UseGuards\(MtlsAuthGuard\)$/);
  });

  it('merges two steps that edit the same file into one replacement', () => {
    const base = MemoryProject.load('fix-basic');
    const file = base.file('src/app.module.ts');
    const text = [
      "import { Controller, Get, Module } from '@nestjs/common';",
      '',
      "@Controller('ping')",
      'export class PingController {',
      '  @Get()',
      '  ping() {',
      "    return 'pong';",
      '  }',
      '}',
      '',
      '@Module({ controllers: [PingController] })',
      'export class AppModule {}',
      '',
    ].join('\n');
    const p = new MemoryProject(base.root, new Map([[base.file('src/main.ts'), base.text('src/main.ts')], [file, text]]));
    const fix = protectWithMtls({ root: p.root, reader: p, file, className: 'PingController', methodName: 'ping' });
    assert.strictEqual(fix.refused, undefined);
    const moduleEdits = fix.edits.filter((e) => e.file === file);
    assert.strictEqual(moduleEdits.length, 1);
    assert.strictEqual(
      applyEdits(text, moduleEdits),
      [
        "import { Controller, Get, Module, UseGuards } from '@nestjs/common';",
        "import { MtlsAuthGuard } from './auth/mtls-auth.guard';",
        "import { ClientCertAllowlistService } from './auth/client-cert-allowlist.service';",
        '',
        "@Controller('ping')",
        'export class PingController {',
        '  @Get()',
        '  @UseGuards(MtlsAuthGuard)',
        '  ping() {',
        "    return 'pong';",
        '  }',
        '}',
        '',
        '@Module({ controllers: [PingController], providers: [MtlsAuthGuard, ClientCertAllowlistService] })',
        'export class AppModule {}',
        '',
      ].join('\n'),
    );
    assert.deepStrictEqual(fix.creates.map((c) => path.basename(c.file)), ['mtls-auth.guard.ts', 'client-cert-allowlist.service.ts']);
  });
});

describe('fixes keep no parsed files from one call to the next', () => {
  it('holds only the files of the last fix, however many fixes ran before', () => {
    const p = MemoryProject.load('fix-style');
    const target = { root: p.root, reader: p, file: p.file('src/reports/reports.controller.ts'), className: 'ReportsController' };
    const create = (): unknown => createMtlsGuard({ root: p.root, reader: p });
    create();
    const afterCreate = parsedFileCount();
    protectWithMtls(target);
    const afterProtect = parsedFileCount();
    for (let i = 0; i < 5; i++) {
      create();
      assert.strictEqual(parsedFileCount(), afterCreate);
      protectWithMtls(target);
      assert.strictEqual(parsedFileCount(), afterProtect);
    }
    // createMtlsGuard reads main.ts, the modules and the marker candidates; the last step of protectWithMtls only the controller.
    assert.ok(afterCreate > afterProtect, `${afterCreate} <= ${afterProtect}`);
  });
});
