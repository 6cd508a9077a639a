import type { Rule } from './types';
import { finding, meta, routeAt } from './types';

const m = meta({
  code: 'public-ignored-by-guard',
  name: 'PublicIgnoredByGuard',
  defaultSeverity: 'warning',
  cwe: null,
  short: 'The route is marked public, but a guard that does not read the public marker still runs on it.',
  full: 'A public marker such as `@Public()` only switches off the guards that read its key and return `true` early. Another guard '
    + 'in the chain (often a second global guard) ignores it and still runs, so the route is not public as intended, or it is '
    + 'restricted by a guard the author did not expect. Make that guard read the marker too, or remove the marker. A guard put on '
    + 'the public handler itself (a login route\'s credential guard) is the route\'s own check and is not reported.',
});

export const publicIgnoredByGuard: Rule = {
  meta: m,
  run: (ctx) => ctx.app.routes.flatMap((r) => {
    const ev = ctx.evaluations.get(r.id);
    if (!ev || !r.public) return [];
    // A guard put on the public handler itself is the route's own check (a local login guard on
    // `@Public() login()`), not a global or class guard that overlooks the marker.
    const ignoring = ev.publicIgnoredBy.filter((name) => r.guards.some((g) => g.name === name && g.level !== 'handler'));
    if (ignoring.length === 0) return [];
    const marker = r.metadata.find((e) => e.kind === 'public');
    const at = routeAt(r);
    const honoured = ev.publicHonouredBy.length ? `; it is honoured by ${ev.publicHonouredBy.join(', ')}` : '';
    const deco = marker ? `@${marker.decorator}` : 'The public marker';
    return [finding(m, `${deco} on ${r.httpMethod} ${r.path} is ignored by ${ignoring.join(', ')}, which still run(s)${honoured}.`, at, [r.id])];
  }),
};
