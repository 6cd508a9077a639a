/**
 * A route limited to administrators needs no per-object check (issue 16, item 6): a roles or
 * permissions requirement that a running guard enforces and that names an administrator
 * (`@Roles(Role.Admin)`, `@Roles(RoleEnum.admin)` whose value is a number, `@HasPermission(permissions.accessAdminControl)`).
 */
import type { MetadataEntry, Route } from '../../model';
import type { SemanticsHost } from '../host';

const ADMIN = /admin|superuser|super_user|\broot\b/i;

/** The enforced requirement that names an administrator, as written; undefined when there is none. */
export function adminRequirement(route: Route, rolesEnforcedBy: readonly string[], host: SemanticsHost): string | undefined {
  if (rolesEnforcedBy.length === 0) return undefined;
  for (const e of route.metadata.filter((x) => x.kind === 'roles')) {
    const text = written(route, e, host);
    if (e.values.some((v) => ADMIN.test(v)) || ADMIN.test(text)) return `${text || `@${e.decorator}(${e.values.join(', ')})`}, enforced by ${rolesEnforcedBy.join(', ')}`;
  }
  return undefined;
}

/** The decorator as written on the handler or the class (an enum member resolves to a value such as `1`; its name says more). */
function written(route: Route, e: MetadataEntry, host: SemanticsHost): string {
  const owner = e.level === 'handler' ? host.handlerOf(route) : host.controllerOf(route);
  const deco = owner?.getDecorators().find((d) => d.getName() === e.decorator);
  return deco ? deco.getText().replace(/\s+/g, ' ') : '';
}
