import * as assert from 'assert';
import { createMtlsGuard, fixMtlsGuardMistakes } from '../../../src/core/fixes';
import { assertGolden, assertRefused, MemoryProject } from './helpers';

const GUARD = 'src/auth/cert.guard.ts';

describe('fixes/fixMtlsGuardMistakes', () => {
  it('checks socket.authorized first, compares name fields, and uses fingerprint256', () => {
    const p = MemoryProject.load('fix-mistakes');
    const fix = fixMtlsGuardMistakes({ root: p.root, reader: p, file: p.file(GUARD) });
    assert.strictEqual(fix.edits.length, 4);
    p.apply(fix);
    assertGolden('fix-mistakes/cert.guard.fixed.ts', p.text(GUARD));
  });

  it('inserts an authorized check before reading the certificate when there is no !cert test', () => {
    const p = MemoryProject.load('fix-mistakes');
    const target = { root: p.root, reader: p, file: p.file('src/auth/keys.guard.ts') };
    p.apply(fixMtlsGuardMistakes(target));
    assertGolden('fix-mistakes/keys.guard.fixed.ts', p.text('src/auth/keys.guard.ts'));
    assertRefused(fixMtlsGuardMistakes(target), /^no recognised mTLS mistake in keys\.guard\.ts$/);
  });

  it('is idempotent', () => {
    const p = MemoryProject.load('fix-mistakes');
    const target = { root: p.root, reader: p, file: p.file(GUARD) };
    p.apply(fixMtlsGuardMistakes(target));
    assertRefused(fixMtlsGuardMistakes(target), /^no recognised mTLS mistake in cert\.guard\.ts$/);
  });

  it('finds nothing to fix in the generated guard', () => {
    const p = MemoryProject.load('fix-basic');
    p.apply(createMtlsGuard({ root: p.root, reader: p, controllerName: 'OrdersController' }));
    assertRefused(fixMtlsGuardMistakes({ root: p.root, reader: p, file: p.file('src/auth/mtls-auth.guard.ts') }), /^no recognised mTLS mistake/);
  });

  it('refuses a guard shape it does not recognise', () => {
    const p = MemoryProject.load('fix-style');
    assertRefused(
      fixMtlsGuardMistakes({ root: p.root, reader: p, file: p.file('src/guards/roles.guard.ts') }),
      /^no `const cert = <socket>\.getPeerCertificate\(\)` in roles\.guard\.ts; fix it by hand$/,
    );
    assertRefused(fixMtlsGuardMistakes({ root: p.root, reader: p, file: p.file('src/guards/roles.guard.ts'), className: 'Other' }), /^class Other not found/);
  });
});
