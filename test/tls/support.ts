import * as fs from 'fs';
import * as path from 'path';
import * as fx from '../../src/core/fixes';
import { applyEdits, type Fix } from '../../src/core/fixes';

/** The repository root, from out/test/tls or test/tls. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', ...(path.basename(path.resolve(__dirname, '..', '..')) === 'out' ? ['..'] : []));

export function fixtureDir(name: string): string {
  return path.join(REPO_ROOT, 'test', 'fixtures', name);
}

/** Copies a fixture into a fresh directory under out/ (so the repo's node_modules resolve). */
export function copyFixture(name: string, label: string): string {
  const parent = path.join(REPO_ROOT, 'out', 'fix-tmp');
  fs.mkdirSync(parent, { recursive: true });
  const dir = fs.mkdtempSync(path.join(parent, `${label}-`));
  fs.cpSync(fixtureDir(name), dir, { recursive: true });
  return dir;
}

/** Writes a fix to disk; throws when it was refused, so a test sees why. */
export function applyToDisk(fix: Fix): void {
  if (fix.refused) throw new Error(`${fix.id} refused: ${fix.refused}`);
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) fs.writeFileSync(file, applyEdits(fs.readFileSync(file, 'utf8'), edits));
  for (const c of fix.creates) {
    fs.mkdirSync(path.dirname(c.file), { recursive: true });
    fs.writeFileSync(c.file, c.text);
  }
}

/** The fix sequence the end-to-end test proves, applied by the core to the fixture copy in `root`. */
export function applyMtlsFixes(root: string): string[] {
  const reader = fx.nodeFileReader(root);
  const controller = path.join(root, 'src', 'orders', 'orders.controller.ts');
  const steps: Fix[] = [];
  const run = (make: () => Fix): void => {
    const fix = make();
    applyToDisk(fix);
    steps.push(fix);
  };
  run(() => fx.createMtlsGuard({ root, reader, controllerName: 'OrdersController' }));
  run(() => fx.addUseGuards({ root, reader, file: controller, className: 'OrdersController' }));
  run(() => fx.addRoles({ root, reader, file: controller, className: 'OrdersController', methodName: 'list', roles: ['reader'] }));
  run(() => fx.addRoles({ root, reader, file: controller, className: 'OrdersController', methodName: 'remove', roles: ['admin'] }));
  run(() => fx.addOwnershipCheck({ root, reader, file: controller, className: 'OrdersController', methodName: 'findOne' }));
  run(() => fx.addHttpsOptions({ root, reader }));
  return steps.map((s) => s.id);
}

/** The same protection for the Fastify fixture (aliases, double quotes, no semicolons, createDecorator roles). */
export function applyMtlsFixesFastify(root: string): string[] {
  const reader = fx.nodeFileReader(root);
  const controller = path.join(root, 'src', 'items', 'items.controller.ts');
  const fixes = [
    (): Fix => fx.createMtlsGuard({ root, reader, controllerName: 'ItemsController' }),
    (): Fix => fx.addUseGuards({ root, reader, file: controller, className: 'ItemsController' }),
    (): Fix => fx.addRoles({ root, reader, file: controller, className: 'ItemsController', methodName: 'list', roles: ['reader'] }),
    (): Fix => fx.addRoles({ root, reader, file: controller, className: 'ItemsController', methodName: 'remove', roles: ['admin'] }),
    (): Fix => fx.addHttpsOptions({ root, reader }),
  ];
  return fixes.map((make) => {
    const fix = make();
    applyToDisk(fix);
    return fix.id;
  });
}
