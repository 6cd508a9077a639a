import * as path from 'path';
import { SyntaxKind } from 'ts-morph';
import type { Fix } from './index';
import { ALLOWLIST_CLASS, defaultGuardFile, GUARD_CLASS } from './createMtlsGuard';
import { FIX_IDS } from './ids';
import { ImportPlan } from './imports';
import { addProperties, appendToArray, arrayNames, propertyValue } from './literals';
import { bootstrapFileOf, moduleMetadata, rootModule } from './modules';
import { baseName, startFix } from './parse';
import { openFile, refused, type FixContext } from './target';
import { moduleSpecifierFor } from './tsconfigPaths';

export interface RegisterGlobalGuardTarget extends FixContext {
  guardFile?: string;
  allowlistFile?: string;
  bootstrapFile?: string;
}

/** `{ provide: APP_GUARD, useClass: MtlsAuthGuard }` in the root module: every route needs a certificate. */
export function registerGlobalMtlsGuard(t: RegisterGlobalGuardTarget): Fix {
  startFix();
  const title = `Use ${GUARD_CLASS} as the global guard (APP_GUARD)`;
  const no = (reason: string): Fix => refused(FIX_IDS.registerGlobalMtlsGuard, title, reason, 'refactor');
  const guardFile = t.guardFile ?? defaultGuardFile(t.root);
  const allowlistFile = t.allowlistFile ?? path.join(path.dirname(guardFile), 'client-cert-allowlist.service.ts');
  const bootstrapFile = bootstrapFileOf(t.root, t.reader, t.bootstrapFile);
  if (!t.reader.exists(guardFile)) return no(`${GUARD_CLASS} not found at ${baseName(guardFile)}; create it first`);
  const mod = rootModule(t.root, t.reader, bootstrapFile);
  if (!mod) return no(`root module not found from ${baseName(bootstrapFile)}`);
  const opened = openFile(t.reader, mod.file);
  if (typeof opened === 'string') return no(opened);
  const cls = opened.sf.getClass(mod.name);
  const meta = cls && moduleMetadata(cls);
  if (!meta) return no(`@Module({...}) of ${mod.name} not found or not an object literal`);

  const appGuard = `{ provide: APP_GUARD, useClass: ${GUARD_CLASS} }`;
  const providers = propertyValue(meta, 'providers');
  if (providers === undefined) {
    addProperties(opened, meta, [`providers: [${appGuard}, ${ALLOWLIST_CLASS}]`]);
  } else {
    const array = providers.asKind(SyntaxKind.ArrayLiteralExpression);
    if (!array) return no(`providers of ${mod.name} is not an array literal; add ${appGuard} by hand`);
    const already = array.getElements().some((e) => {
      const o = e.asKind(SyntaxKind.ObjectLiteralExpression);
      return o && propertyValue(o, 'provide')?.getText() === 'APP_GUARD' && propertyValue(o, 'useClass')?.getText() === GUARD_CLASS;
    });
    if (already) return no(`already global: ${mod.name} provides APP_GUARD with ${GUARD_CLASS}`);
    appendToArray(opened, array, [appGuard, ...(arrayNames(array).includes(ALLOWLIST_CLASS) ? [] : [ALLOWLIST_CLASS])]);
  }
  new ImportPlan()
    .add('@nestjs/core', 'APP_GUARD')
    .add(moduleSpecifierFor(mod.file, guardFile, t.root, t.reader), GUARD_CLASS)
    .add(moduleSpecifierFor(mod.file, allowlistFile, t.root, t.reader), ALLOWLIST_CLASS)
    .emit(opened.sf, opened.edits, opened.style);
  return { id: FIX_IDS.registerGlobalMtlsGuard, title, kind: 'refactor', edits: opened.edits.toEdits(), creates: [] };
}
