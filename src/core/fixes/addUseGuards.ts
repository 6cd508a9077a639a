import * as path from 'path';
import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { ImportPlan, isImported } from './imports';
import { baseName, startFix } from './parse';
import {
  decoratorArgNames, describeTarget, findDecorator, findTarget, insertDecorator, openFile, openParenEnd, refused,
  type FixContext,
} from './target';
import { moduleSpecifierFor } from './tsconfigPaths';

export interface AddUseGuardsTarget extends FixContext {
  /** Absolute path of the controller file. */
  file: string;
  className: string;
  /** The handler; omit to guard the whole controller. */
  methodName?: string;
  /** Guard class name; default `MtlsAuthGuard`. */
  guardName?: string;
  /** Absolute path of the guard file; default `<root>/src/auth/mtls-auth.guard.ts`. */
  guardFile?: string;
}

/**
 * `@UseGuards(MtlsAuthGuard)` on a handler or controller. Merges into an existing `@UseGuards(...)` of
 * that target, as its first argument: authentication runs before the guards that authorise.
 */
export function addUseGuards(t: AddUseGuardsTarget): Fix {
  startFix();
  const guard = t.guardName ?? 'MtlsAuthGuard';
  const where = describeTarget(t.className, t.methodName);
  const title = `Protect ${where} with @UseGuards(${guard})`;
  const no = (reason: string): Fix => refused(FIX_IDS.addUseGuards, title, reason);
  const guardFile = t.guardFile ?? path.join(t.root, 'src', 'auth', 'mtls-auth.guard.ts');

  const opened = openFile(t.reader, t.file);
  if (typeof opened === 'string') return no(opened);
  const target = findTarget(opened, t.className, t.methodName);
  if (typeof target === 'string') return no(target);

  const classGuards = findDecorator(target.cls.getDecorators(), 'UseGuards');
  if (t.methodName && classGuards && decoratorArgNames(classGuards).includes(guard)) {
    return no(`already guarded: ${t.className} has @UseGuards(${guard})`);
  }
  const existing = findDecorator((target.method ?? target.cls).getDecorators(), 'UseGuards');
  if (existing && decoratorArgNames(existing).includes(guard)) return no(`already guarded: ${where} has @UseGuards(${guard})`);
  if (!isImported(opened.sf, guard) && !t.reader.exists(guardFile)) {
    return no(`${guard} not found at ${baseName(guardFile)}; create it first`);
  }

  if (existing) {
    const args = existing.getArguments();
    if (args.length > 0) opened.edits.insert(args[0].getStart(), `${guard}, `);
    else opened.edits.insert(openParenEnd(existing), guard);
  } else {
    insertDecorator(opened, target, `UseGuards(${guard})`);
  }
  const imports = new ImportPlan().add('@nestjs/common', 'UseGuards');
  if (!isImported(opened.sf, guard)) imports.add(moduleSpecifierFor(t.file, guardFile, t.root, t.reader), guard);
  imports.emit(opened.sf, opened.edits, opened.style);
  return { id: FIX_IDS.addUseGuards, title, kind: 'quickfix', edits: opened.edits.toEdits(), creates: [] };
}
