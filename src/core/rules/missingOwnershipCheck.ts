import type { Rule } from './types';
import { finding, meta, routeAt } from './types';

const m = meta({
  code: 'missing-ownership-check',
  name: 'MissingOwnershipCheck',
  defaultSeverity: 'warning',
  cwe: 'CWE-639',
  short: 'The route takes an object identifier but shows no evidence that the caller may access that object.',
  full: 'Routes such as `GET /orders/:id` must check that the caller owns (or may act on) the object, not only that the caller is '
    + 'logged in. No ownership/policy guard or decorator, no comparison of the object\'s owner with the caller in the handler, and no '
    + 'caller identity passed into the service call that loads the object was found. This is a heuristic: name your own helpers in '
    + 'the `ownershipHelpers` setting.',
});

export const missingOwnershipCheck: Rule = {
  meta: m,
  run: (ctx) => ctx.app.routes.flatMap((r) => {
    const ev = ctx.evaluations.get(r.id);
    if (!ev || ev.verdict === 'public' || !r.ownership || r.ownership.kind !== 'none') return [];
    return [finding(m, `${r.httpMethod} ${r.path} (${r.controller}.${r.handler}): ${r.ownership.detail}.`,
      routeAt(r), [r.id])];
  }),
};
