import * as assert from 'assert';
import * as path from 'path';
import { createMtlsGuard, registerGlobalMtlsGuard, renderAllowlistService } from '../../../src/core/fixes';
import { assertGolden, assertRefused, MemoryProject } from './helpers';

describe('fixes/createMtlsGuard', () => {
  it('creates the guard and allowlist and registers both in the module declaring the controller', () => {
    const p = MemoryProject.load('fix-basic');
    const fix = createMtlsGuard({ root: p.root, reader: p, controllerName: 'OrdersController' });
    assert.deepStrictEqual(
      fix.creates.map((c) => path.relative(p.root, c.file)),
      [path.join('src', 'auth', 'mtls-auth.guard.ts'), path.join('src', 'auth', 'client-cert-allowlist.service.ts')],
    );
    p.apply(fix);
    assertGolden('fix-basic/orders.module.createMtlsGuard.ts', p.text('src/orders/orders.module.ts'));
    // The project's Roles (SetMetadata(ROLES_KEY)) and Public (IS_PUBLIC_KEY) keys are what the guard reads.
    assertGolden('fix-basic/mtls-auth.guard.ts', p.text('src/auth/mtls-auth.guard.ts'));
    assert.strictEqual(p.text('src/auth/client-cert-allowlist.service.ts'), renderAllowlistService());
  });

  it('is idempotent', () => {
    const p = MemoryProject.load('fix-basic');
    const target = { root: p.root, reader: p, controllerName: 'OrdersController' };
    p.apply(createMtlsGuard(target));
    assertRefused(createMtlsGuard(target), /^already created: MtlsAuthGuard exists and is registered in OrdersModule$/);
  });

  it('finds the module by following imports when the reader cannot list files', () => {
    const p = MemoryProject.load('fix-basic');
    const fix = createMtlsGuard({ root: p.root, reader: p.withoutListing(), controllerName: 'OrdersController' });
    assert.ok(fix.edits.every((e) => e.file === p.file('src/orders/orders.module.ts')));
    assert.match(fix.creates[0].text, /getAllAndOverride<unknown>\(IS_PUBLIC_KEY, targets\) === true/);
  });

  it('adds a providers property, aliases, and the createDecorator Roles of the project', () => {
    const p = MemoryProject.load('fix-fastify');
    p.apply(createMtlsGuard({ root: p.root, reader: p, controllerName: 'ItemsController' }));
    assertGolden('fix-fastify/app.module.createMtlsGuard.ts', p.text('src/app.module.ts'));
    const guard = p.text('src/auth/mtls-auth.guard.ts');
    assert.match(guard, /^import \{ Roles \} from '@app\/common\/roles\.decorator';$/m);
    assert.match(guard, /getAllAndOverride<unknown>\(Roles, targets\)/);
    assert.doesNotMatch(guard, /isPublic/, 'no public marker in this project');
  });

  it('registers in the root module by default, in a multi-line providers array', () => {
    const p = MemoryProject.load('fix-style');
    p.apply(createMtlsGuard({ root: p.root, reader: p }));
    assertGolden('fix-style/app.module.createMtlsGuard.ts', p.text('src/app.module.ts'));
  });

  it('adds exports when told to register in a module other than the controller\'s', () => {
    const p = MemoryProject.load('fix-style');
    const module = { file: p.file('src/reports/reports.module.ts'), name: 'ReportsModule' };
    p.apply(createMtlsGuard({ root: p.root, reader: p, module }));
    assertGolden('fix-style/reports.module.createMtlsGuard-exports.ts', p.text('src/reports/reports.module.ts'));
  });

  it('refuses a providers list that is not an array literal', () => {
    const p = MemoryProject.load('fix-basic');
    const file = p.file('src/orders/orders.module.ts');
    p.files.set(file, p.text('src/orders/orders.module.ts').replace('providers: [OrdersService],', 'providers: PROVIDERS,').replace('@Module', 'const PROVIDERS = [OrdersService];\n\n@Module'));
    assertRefused(
      createMtlsGuard({ root: p.root, reader: p, controllerName: 'OrdersController' }),
      /^providers of OrdersModule is not an array literal; register MtlsAuthGuard, ClientCertAllowlistService by hand$/,
    );
  });

  it('refuses when no module declares the controller', () => {
    const p = MemoryProject.load('fix-basic');
    assertRefused(createMtlsGuard({ root: p.root, reader: p, controllerName: 'GhostController' }), /^no module declares GhostController$/);
  });
});

describe('fixes/registerGlobalMtlsGuard', () => {
  it('adds APP_GUARD with MtlsAuthGuard and the allowlist to AppModule, idempotently', () => {
    const p = MemoryProject.load('fix-basic');
    assertRefused(registerGlobalMtlsGuard({ root: p.root, reader: p }), /^MtlsAuthGuard not found/);
    p.apply(createMtlsGuard({ root: p.root, reader: p, controllerName: 'OrdersController' }));
    p.apply(registerGlobalMtlsGuard({ root: p.root, reader: p }));
    assertGolden('fix-basic/app.module.registerGlobal.ts', p.text('src/app.module.ts'));
    assertRefused(registerGlobalMtlsGuard({ root: p.root, reader: p }), /^already global: AppModule provides APP_GUARD with MtlsAuthGuard$/);
  });

  it('appends to an existing multi-line providers array', () => {
    const p = MemoryProject.load('fix-style');
    p.apply(createMtlsGuard({ root: p.root, reader: p, controllerName: 'ReportsController' }));
    p.apply(registerGlobalMtlsGuard({ root: p.root, reader: p }));
    assertGolden('fix-style/app.module.registerGlobal.ts', p.text('src/app.module.ts'));
  });
});
