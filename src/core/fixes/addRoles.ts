import type { Fix } from './index';
import { FIX_IDS } from './ids';
import { startFix } from './parse';
import { bootstrapFileOf } from './modules';
import { ImportPlan } from './imports';
import { findProjectMarker, projectFiles } from './markers';
import { quoted } from './style';
import { describeTarget, findDecorator, findTarget, insertDecorator, openFile, refused, type FixContext } from './target';
import { moduleSpecifierFor } from './tsconfigPaths';

export interface AddRolesTarget extends FixContext {
  file: string;
  className: string;
  methodName?: string;
  roles: string[];
  /** Default `<root>/src/main.ts` (where the search for the project's `Roles` decorator starts without `listFiles`). */
  bootstrapFile?: string;
}

/**
 * `@Roles(...)` with the project's own decorator when it has one, else `@SetMetadata('roles', [...])`
 * (the key the generated MtlsAuthGuard reads by default). Never widens an existing roles decorator.
 */
export function addRoles(t: AddRolesTarget): Fix {
  startFix();
  const where = describeTarget(t.className, t.methodName);
  const title = `Require role${t.roles.length > 1 ? 's' : ''} ${t.roles.join(', ')} on ${where}`;
  const no = (reason: string): Fix => refused(FIX_IDS.addRoles, title, reason);
  if (t.roles.length === 0) return no('no role given');
  const f = openFile(t.reader, t.file);
  if (typeof f === 'string') return no(f);
  const target = findTarget(f, t.className, t.methodName);
  if (typeof target === 'string') return no(target);

  const bootstrap = bootstrapFileOf(t.root, t.reader, t.bootstrapFile);
  const marker = findProjectMarker(t.root, projectFiles(t.root, t.reader, bootstrap), t.reader, ['Roles']);
  const decorators = (target.method ?? target.cls).getDecorators();
  const existing =
    findDecorator(decorators, marker?.name ?? 'Roles') ??
    decorators.find((d) => d.getName() === 'SetMetadata' && /^['"]roles['"]$/.test(d.getArguments()[0]?.getText() ?? ''));
  if (existing) {
    const text = existing.getText();
    const missing = t.roles.filter((r) => !text.includes(`'${r}'`) && !text.includes(`"${r}"`));
    if (missing.length === 0) return no(`already requires ${t.roles.join(', ')}: ${where} has ${text}`);
    return no(`${where} already has ${text}; change it by hand (adding roles would widen access)`);
  }
  const list = t.roles.map((r) => quoted(f.style, r)).join(', ');
  const imports = new ImportPlan();
  if (marker) {
    insertDecorator(f, target, `${marker.name}(${marker.argsForm === 'spread' ? list : `[${list}]`})`);
    imports.add(moduleSpecifierFor(t.file, marker.file, t.root, t.reader), marker.name);
  } else {
    insertDecorator(f, target, `SetMetadata(${quoted(f.style, 'roles')}, [${list}])`);
    imports.add('@nestjs/common', 'SetMetadata');
  }
  imports.emit(f.sf, f.edits, f.style);
  return { id: FIX_IDS.addRoles, title, kind: 'quickfix', edits: f.edits.toEdits(), creates: [] };
}
