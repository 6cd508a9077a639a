import { microserviceConnects, usesGlobalGuards } from '../semantics/tlsOptions';
import type { Rule } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'microservice-drops-global-guards',
  name: 'MicroserviceDropsGlobalGuards',
  defaultSeverity: 'warning',
  cwe: 'CWE-306',
  short: 'A hybrid app connects a microservice without `inheritAppConfig: true`, so its handlers run without the global guards.',
  full: 'By default a microservice connected with `app.connectMicroservice(...)` does not inherit the HTTP application\'s global guards '
    + '(nor pipes, interceptors and filters). Pass `{ inheritAppConfig: true }` as the second argument, or register the guards on the '
    + 'message handlers.',
});

export const microserviceDropsGlobalGuards: Rule = {
  meta: m,
  run: (ctx) => {
    const entry = ctx.host.entryFile;
    if (!entry) return [];
    const hasGlobal = usesGlobalGuards(entry) || ctx.app.routes.some((r) => r.guards.some((g) => g.level === 'global'));
    if (!hasGlobal) return [];
    return microserviceConnects(entry).filter((c) => !c.inheritsAppConfig).map((c) => finding(m,
      'connectMicroservice(...) without { inheritAppConfig: true }: the global guards do not run on the microservice\'s handlers.',
      nodeAt(ctx.host, c.call)));
  },
};
