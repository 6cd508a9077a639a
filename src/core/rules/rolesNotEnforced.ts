import type { Rule } from './types';
import { finding, meta, routeAt } from './types';
import { classRolesIgnoredOn } from './classRolesIgnored';

const m = meta({
  code: 'roles-not-enforced',
  name: 'RolesNotEnforced',
  defaultSeverity: 'error',
  cwe: 'CWE-862',
  short: 'Roles are declared on the route, but no guard in its chain reads that metadata key.',
  full: 'A roles/permissions decorator only sets metadata; a guard must read the same key (the same string, constant, or '
    + '`Reflector.createDecorator` decorator) for it to be enforced. No running guard in this route\'s chain reads the key, so '
    + 'any authenticated caller passes. Add the roles guard to the chain, or make it read the key the decorator sets.',
});

export const rolesNotEnforced: Rule = {
  meta: m,
  run: (ctx) => ctx.app.routes.flatMap((r) => {
    const ev = ctx.evaluations.get(r.id);
    const entries = r.metadata.filter((e) => e.kind === 'roles');
    if (!ev || entries.length === 0 || ev.rolesEnforcedBy.length > 0) return [];
    if (classRolesIgnoredOn(r, ev).length > 0) return [];
    const entry = entries[0];
    const readers = ev.guards.filter((g) => g.state !== 'off-by-marker' && g.sem.reads.length > 0)
      .map((g) => `${g.guard.name} reads ${[...new Set(g.sem.reads.map((x) => x.key))].join(', ')}`);
    const switchedOff = ev.guards.filter((g) => g.state === 'off-by-marker' && g.sem.reads.some((x) => x.key === entry.key))
      .map((g) => `${g.guard.name} reads it but is switched off by ${g.offBy}`);
    const notes = [...switchedOff, ...readers];
    const hint = notes.length ? ` (${notes.join('; ')})` : '';
    const decorator = `@${entry.decorator}(${entry.values.join(', ')})`;
    return [finding(m, `${decorator} on ${r.httpMethod} ${r.path} sets ${entry.key}, which no guard in the chain reads${hint}.`,
      routeAt(r), [r.id])];
  }),
};
