import type { Rule } from './types';
import { finding, meta } from './types';

const m = meta({
  code: 'unreachable-app-guard',
  name: 'UnreachableAppGuard',
  defaultSeverity: 'warning',
  cwe: 'CWE-306',
  short: 'An APP_GUARD is registered in a module the root module never imports, so it guards nothing.',
  full: 'Global guards registered with `{ provide: APP_GUARD, useClass: ... }` only take effect when their module is part of the '
    + 'application graph. This module is not reachable from the module passed to `NestFactory.create`, so the guard never runs. '
    + 'Import the module (directly or through another module), or register the guard in a reachable module.',
});

export const unreachableAppGuard: Rule = {
  meta: m,
  run: (ctx) => ctx.host.unreachableAppGuards.map((g) => finding(m,
    `APP_GUARD ${g.guard} in ${g.module} never runs: ${g.module} is not imported from the root module${ctx.app.rootModule ? ` ${ctx.app.rootModule}` : ''}.`,
    g.at)),
};
