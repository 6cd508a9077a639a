import type { MetadataEntry, Route } from '../model';
import type { RouteEvaluation } from '../semantics/routeVerdict';
import type { Rule } from './types';
import { finding, meta } from './types';

const m = meta({
  code: 'class-roles-ignored',
  name: 'ClassRolesIgnored',
  defaultSeverity: 'error',
  cwe: 'CWE-862',
  short: 'Roles set on the controller class are ignored because the guard reads the handler only.',
  full: 'The roles guard reads its key with `reflector.get(key, context.getHandler())`, so a `@Roles(...)` on the controller class '
    + 'is never seen, and handlers without their own `@Roles` are open to any authenticated caller. Read with '
    + '`getAllAndOverride(key, [context.getHandler(), context.getClass()])`, or move the decorator onto each handler.',
});

/** Class-level role entries of a route that a running guard reads from the handler only, and nothing reads from the class. */
export function classRolesIgnoredOn(route: Route, ev: RouteEvaluation): { entry: MetadataEntry; guard: string }[] {
  const out: { entry: MetadataEntry; guard: string }[] = [];
  const handlerKeys = new Set(route.metadata.filter((e) => e.kind === 'roles' && e.level === 'handler').map((e) => e.key));
  for (const entry of route.metadata.filter((e) => e.kind === 'roles' && e.level === 'controller')) {
    if (handlerKeys.has(entry.key)) continue;
    // An opt-in roles guard that found no handler metadata returned true early: it still "reads" the key.
    const running = ev.guards.filter((g) => g.state !== 'off-by-marker');
    const seesClass = running.some((g) => g.sem.reads.some((r) => r.key === entry.key && r.scope !== 'handler'));
    const handlerOnly = running.find((g) => g.sem.reads.some((r) => r.key === entry.key && r.scope === 'handler'));
    if (!seesClass && handlerOnly) out.push({ entry, guard: handlerOnly.guard.name });
  }
  return out;
}

export const classRolesIgnored: Rule = {
  meta: m,
  run: (ctx) => {
    const groups = new Map<string, { entry: MetadataEntry; guard: string; routes: Route[] }>();
    for (const r of ctx.app.routes) {
      const ev = ctx.evaluations.get(r.id);
      if (!ev) continue;
      for (const hit of classRolesIgnoredOn(r, ev)) {
        const k = `${r.controllerAt.file}:${r.controllerAt.line}|${hit.entry.key}|${hit.guard}`;
        const g = groups.get(k) ?? { ...hit, routes: [] };
        g.routes.push(r);
        groups.set(k, g);
      }
    }
    return [...groups.values()].map((g) => finding(m,
      `@${g.entry.decorator}(${g.entry.values.join(', ')}) on ${g.routes[0].controller} is ignored: ${g.guard} reads ${g.entry.key} from the handler only, `
      + `so ${g.routes.length} route(s) without their own roles are not restricted (${g.routes.map((r) => `${r.httpMethod} ${r.path}`).join(', ')}).`,
      g.routes[0].controllerAt, g.routes.map((r) => r.id)));
  },
};
