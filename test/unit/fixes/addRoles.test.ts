import * as assert from 'assert';
import { addRoles } from '../../../src/core/fixes';
import { assertGolden, assertRefused, MemoryProject } from './helpers';

describe('fixes/addRoles', () => {
  it('uses the project\'s own Roles decorator (rest parameter) and imports it', () => {
    const p = MemoryProject.load('fix-basic');
    const file = p.file('src/orders/orders.controller.ts');
    p.apply(addRoles({ root: p.root, reader: p, file, className: 'OrdersController', methodName: 'list', roles: ['reader'] }));
    p.apply(addRoles({ root: p.root, reader: p, file, className: 'OrdersController', methodName: 'remove', roles: ['admin', 'owner'] }));
    assertGolden('fix-basic/orders.controller.addRoles.ts', p.text('src/orders/orders.controller.ts'));
  });

  it('without listFiles, finds a Roles decorator reachable by imports, else falls back to SetMetadata', () => {
    const p = MemoryProject.load('fix-basic');
    const file = p.file('src/orders/orders.controller.ts');
    const target = { root: p.root, file, className: 'OrdersController', methodName: 'list', roles: ['reader'] };
    // No file reachable from main.ts imports roles.decorator.ts yet.
    const unreachable = addRoles({ ...target, reader: p.withoutListing() });
    assert.ok(unreachable.edits.some((e) => e.newText.includes("@SetMetadata('roles', ['reader'])")), JSON.stringify(unreachable.edits));
    const health = p.file('src/health.controller.ts');
    p.files.set(health, `import { Roles } from './auth/roles.decorator';\n${p.text('src/health.controller.ts').replace('@Public()', "@Public()\n  @Roles('ops')")}`);
    const reachable = addRoles({ ...target, reader: p.withoutListing() });
    assert.ok(reachable.edits.some((e) => e.newText.includes("@Roles('reader')")), JSON.stringify(reachable.edits));
  });

  it('passes one array to a Reflector.createDecorator Roles', () => {
    const p = MemoryProject.load('fix-fastify');
    const file = p.file('src/items/items.controller.ts');
    p.apply(addRoles({ root: p.root, reader: p, file, className: 'ItemsController', roles: ['reader'] }));
    assertGolden('fix-fastify/items.controller.addRoles-class.ts', p.text('src/items/items.controller.ts'));
  });

  it('falls back to SetMetadata(\'roles\', [...]) when the project has no Roles decorator', () => {
    const p = MemoryProject.load('fix-style');
    const file = p.file('src/reports/reports.controller.ts');
    p.apply(addRoles({ root: p.root, reader: p, file, className: 'ReportsController', methodName: 'list', roles: ['auditor'] }));
    assertGolden('fix-style/reports.controller.addRoles.ts', p.text('src/reports/reports.controller.ts'));
  });

  it('is idempotent and never widens an existing roles decorator', () => {
    const p = MemoryProject.load('fix-basic');
    const target = { root: p.root, reader: p, file: p.file('src/orders/orders.controller.ts'), className: 'OrdersController', methodName: 'list' };
    p.apply(addRoles({ ...target, roles: ['reader'] }));
    assertRefused(addRoles({ ...target, roles: ['reader'] }), /^already requires reader: OrdersController\.list has @Roles\('reader'\)$/);
    assertRefused(addRoles({ ...target, roles: ['admin'] }), /change it by hand \(adding roles would widen access\)$/);
    assertRefused(addRoles({ ...target, roles: [] }), /^no role given$/);
  });
});
