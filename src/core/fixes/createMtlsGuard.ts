import * as path from 'path';
import type { Fix, FileCreate } from './index';
import { FIX_IDS } from './ids';
import { ImportPlan } from './imports';
import { findProjectMarker, projectFiles, PUBLIC_NAMES, type MarkerKey } from './markers';
import { bootstrapFileOf, declaringModule, rootModule } from './modules';
import { baseName, startFix } from './parse';
import { registerInModule } from './registration';
import { openFile, refused, type FixContext } from './target';
import { renderAllowlistService, renderMtlsAuthGuard, type MetadataRef } from './templates/mtlsAuthGuard';
import { moduleSpecifierFor } from './tsconfigPaths';

export interface CreateMtlsGuardTarget extends FixContext {
  /** Default `<root>/src/auth/mtls-auth.guard.ts`. */
  guardFile?: string;
  /** Default `<root>/src/auth/client-cert-allowlist.service.ts`. */
  allowlistFile?: string;
  /** Default `<root>/src/main.ts`. */
  bootstrapFile?: string;
  /** Register in the module declaring this controller; default the root module (AppModule). */
  controllerName?: string;
  /** Register in this module instead (then also add `exports`, for the modules that import it). */
  module?: { file: string; name: string };
  /** Extra public-marker decorator names to look for (the `publicMarkers` setting). */
  publicMarkers?: string[];
}

export const GUARD_CLASS = 'MtlsAuthGuard';
export const ALLOWLIST_CLASS = 'ClientCertAllowlistService';

export function defaultGuardFile(root: string): string {
  return path.join(root, 'src', 'auth', 'mtls-auth.guard.ts');
}

/** Creates MtlsAuthGuard and its allowlist service (when missing) and registers both in a module. */
export function createMtlsGuard(t: CreateMtlsGuardTarget): Fix {
  startFix();
  const title = `Create ${GUARD_CLASS} (client-certificate guard) and its allowlist`;
  const no = (reason: string): Fix => refused(FIX_IDS.createMtlsGuard, title, reason, 'refactor');
  const guardFile = t.guardFile ?? defaultGuardFile(t.root);
  const allowlistFile = t.allowlistFile ?? path.join(path.dirname(guardFile), 'client-cert-allowlist.service.ts');
  const bootstrapFile = bootstrapFileOf(t.root, t.reader, t.bootstrapFile);

  const target = t.module ?? findModule(t, bootstrapFile);
  if (typeof target === 'string') return no(target);
  const opened = openFile(t.reader, target.file);
  if (typeof opened === 'string') return no(opened);
  const added = registerInModule(opened, target.name, [GUARD_CLASS, ALLOWLIST_CLASS], t.module !== undefined);
  if (typeof added === 'string') return no(added);

  const creates: FileCreate[] = [];
  if (!t.reader.exists(guardFile)) {
    const files = projectFiles(t.root, t.reader, bootstrapFile);
    const roles = findProjectMarker(t.root, files, t.reader, ['Roles']);
    const pub = findProjectMarker(t.root, files, t.reader, [...PUBLIC_NAMES, ...(t.publicMarkers ?? [])]);
    const text = renderMtlsAuthGuard({
      allowlistImport: moduleSpecifierFor(guardFile, allowlistFile, t.root, t.reader),
      roles: roles ? refFor(roles.key, guardFile, t) : undefined,
      publicMarker: pub ? refFor(pub.key, guardFile, t) : undefined,
    });
    creates.push({ file: guardFile, text });
  }
  if (!t.reader.exists(allowlistFile)) creates.push({ file: allowlistFile, text: renderAllowlistService() });
  if (creates.length === 0 && added.length === 0) {
    return no(`already created: ${GUARD_CLASS} exists and is registered in ${target.name}`);
  }
  new ImportPlan()
    .add(moduleSpecifierFor(target.file, guardFile, t.root, t.reader), GUARD_CLASS)
    .add(moduleSpecifierFor(target.file, allowlistFile, t.root, t.reader), ALLOWLIST_CLASS)
    .emit(opened.sf, opened.edits, opened.style);
  return { id: FIX_IDS.createMtlsGuard, title, kind: 'refactor', edits: opened.edits.toEdits(), creates };
}

function findModule(t: CreateMtlsGuardTarget, bootstrapFile: string): { file: string; name: string } | string {
  if (t.controllerName) {
    const m = declaringModule(t.root, t.reader, bootstrapFile, t.controllerName);
    return m ?? `no module declares ${t.controllerName}`;
  }
  return rootModule(t.root, t.reader, bootstrapFile) ?? `root module not found from ${baseName(bootstrapFile)}`;
}

function refFor(key: MarkerKey, guardFile: string, t: FixContext): MetadataRef {
  if (!key.file) return { expr: key.expr };
  return { expr: key.expr, import: { name: key.expr, from: moduleSpecifierFor(guardFile, key.file, t.root, t.reader) } };
}
