import type { AnalyzedRoute, GuardRef } from '../model';
import type { Rule } from './types';
import { finding, meta } from './types';

const m = meta({
  code: 'opt-in-global-guard',
  name: 'OptInGlobalGuard',
  defaultSeverity: 'warning',
  cwe: 'CWE-306',
  short: 'A global authentication guard returns true when its metadata is absent, leaving unmarked routes open.',
  full: 'The guard is registered globally but is opt-in: it returns `true` when the route does not carry its metadata, so it protects '
    + 'only the routes that are explicitly marked. Routes that forget the marker are left without authentication. Invert the default '
    + '(deny unless marked public) or add the marker to every route that needs it.',
});

export const optInGlobalGuard: Rule = {
  meta: m,
  run: (ctx) => {
    const groups = new Map<string, { guard: GuardRef; key: string; routes: AnalyzedRoute[] }>();
    for (const r of ctx.app.routes) {
      const ev = ctx.evaluations.get(r.id);
      if (!ev || ev.verdict === 'protected' || ev.verdict === 'public') continue;
      for (const g of ev.guards) {
        if (g.guard.level !== 'global' || g.state !== 'off-opt-in' || g.sem.kind !== 'authentication') continue;
        const k = `${g.guard.name}|${g.guard.attachedAt.file}:${g.guard.attachedAt.line}`;
        const grp = groups.get(k) ?? { guard: g.guard, key: g.offBy ?? '', routes: [] };
        grp.routes.push(r);
        groups.set(k, grp);
      }
    }
    return [...groups.values()].map((g) => finding(m,
      `Global ${g.guard.name} is opt-in (returns true without ${g.key} metadata) and leaves ${g.routes.length} route(s) without authentication: `
      + `${g.routes.map((r) => `${r.httpMethod} ${r.path}`).join(', ')}.`, g.guard.attachedAt, g.routes.map((r) => r.id)));
  },
};
