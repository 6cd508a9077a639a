import { addOwnershipCheck } from '../../../src/core/fixes';
import { assertGolden, assertRefused, MemoryProject } from './helpers';

describe('fixes/addOwnershipCheck', () => {
  it('inserts a fail-closed skeleton at the top of the handler and imports ForbiddenException', () => {
    const p = MemoryProject.load('fix-basic');
    const target = { root: p.root, reader: p, file: p.file('src/orders/orders.controller.ts'), className: 'OrdersController', methodName: 'findOne' };
    p.apply(addOwnershipCheck(target));
    assertGolden('fix-basic/orders.controller.ownership.ts', p.text('src/orders/orders.controller.ts'));
    assertRefused(addOwnershipCheck(target), /^already has an ownership check skeleton: OrdersController\.findOne$/);
  });

  it('names the handler\'s own id parameter and keeps the file\'s style', () => {
    const p = MemoryProject.load('fix-style');
    p.apply(addOwnershipCheck({ root: p.root, reader: p, file: p.file('src/reports/reports.controller.ts'), className: 'ReportsController', methodName: 'findOne' }));
    assertGolden('fix-style/reports.controller.ownership.ts', p.text('src/reports/reports.controller.ts'));
  });

  it('refuses a missing handler', () => {
    const p = MemoryProject.load('fix-basic');
    const fix = addOwnershipCheck({ root: p.root, reader: p, file: p.file('src/orders/orders.controller.ts'), className: 'OrdersController', methodName: 'update' });
    assertRefused(fix, /^method OrdersController\.update not found in orders\.controller\.ts$/);
  });
});
