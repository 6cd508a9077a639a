import { addHttpsOptions } from './addHttpsOptions';
import { addUseGuards, type AddUseGuardsTarget } from './addUseGuards';
import { composeFixes } from './compose';
import { createMtlsGuard, GUARD_CLASS, type CreateMtlsGuardTarget } from './createMtlsGuard';
import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { describeTarget } from './target';

export type ProtectWithMtlsTarget = Omit<AddUseGuardsTarget, 'guardName'> &
  Pick<CreateMtlsGuardTarget, 'allowlistFile' | 'bootstrapFile' | 'publicMarkers'>;

/**
 * createMtlsGuard (when the guard is missing, registered in the controller's module) and
 * addUseGuards, as one fix: one action, one undo.
 */
export function protectWithMtls(t: ProtectWithMtlsTarget): Fix {
  const where = describeTarget(t.className, t.methodName);
  const head = { id: FIX_IDS.protectWithMtls, title: `Protect ${where} with a new ${GUARD_CLASS} (client certificates)`, kind: 'quickfix' as const };
  return composeFixes(t.reader, head, [
    {
      make: (reader) => createMtlsGuard({ ...t, reader, controllerName: t.className, ...(t.guardFile ? { guardFile: t.guardFile } : {}) }),
      skipWhen: /^already created/,
    },
    { make: (reader) => addUseGuards({ ...t, reader }) },
    // The server must ask for client certificates. When it cannot be added here (already there, or a
    // shape we do not rewrite) the guard still fails closed: without a verified certificate it denies.
    { make: (reader) => addHttpsOptions({ root: t.root, reader, ...(t.bootstrapFile ? { bootstrapFile: t.bootstrapFile } : {}) }), skipWhen: /./ },
  ]);
}
