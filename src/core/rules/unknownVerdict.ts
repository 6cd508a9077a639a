import type { Rule } from './types';
import { finding, meta, routeAt } from './types';

const m = meta({
  code: 'unknown-verdict',
  name: 'UnknownVerdict',
  defaultSeverity: 'info',
  cwe: null,
  short: 'The analyzer could not decide whether the route is authenticated.',
  full: 'A guard in the chain matches no known authentication or non-security pattern, its class was not found, or the chain was not '
    + 'fully resolved. Name project-specific guards in the `authGuards` or `nonAuthGuards` setting so the verdict can be decided.',
});

export const unknownVerdict: Rule = {
  meta: m,
  run: (ctx) => ctx.app.routes.flatMap((r) => {
    const ev = ctx.evaluations.get(r.id);
    if (!ev || ev.verdict !== 'unknown') return [];
    return [finding(m, `${r.httpMethod} ${r.path}: ${ev.why}.`, routeAt(r), [r.id])];
  }),
};
