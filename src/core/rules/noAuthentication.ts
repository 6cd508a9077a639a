import type { Rule } from './types';
import { finding, meta, routeAt } from './types';

const m = meta({
  code: 'no-authentication',
  name: 'NoAuthentication',
  defaultSeverity: 'error',
  cwe: 'CWE-306',
  short: 'The route runs no authentication guard and no authentication middleware.',
  full: 'No guard in the effective chain authenticates the caller (or every authenticating guard is switched off for this route), '
    + 'and no authentication middleware is bound to it. Anyone can call it. Add an authentication guard (globally as APP_GUARD, '
    + 'on the controller, or on the handler), or mark the route public deliberately with the marker your guard honours.',
});

export const noAuthentication: Rule = {
  meta: m,
  run: (ctx) => ctx.app.routes.flatMap((r) => {
    const ev = ctx.evaluations.get(r.id);
    if (!ev || ev.verdict !== 'unprotected') return [];
    return [finding(m, `${r.httpMethod} ${r.path} (${r.controller}.${r.handler}) has no authentication: ${ev.why}.`,
      routeAt(r), [r.id])];
  }),
};
