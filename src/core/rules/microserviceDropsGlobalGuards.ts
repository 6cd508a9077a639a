import { Node, type CallExpression } from 'ts-morph';
import type { Finding } from '../model';
import type { MicroserviceConnect } from '../semantics/hybrid';
import type { Rule, RuleContext } from './types';
import { finding, meta, nodeAt } from './types';

const m = meta({
  code: 'microservice-drops-global-guards',
  name: 'MicroserviceDropsGlobalGuards',
  defaultSeverity: 'warning',
  cwe: 'CWE-306',
  short: 'A hybrid app connects a microservice whose message handlers run without the global guards.',
  full: 'A microservice connected with `app.connectMicroservice(...)` gets the HTTP application\'s global guards (and pipes, '
    + 'interceptors, filters) only with a truthy `inheritAppConfig` in its second argument, and even then not the guards of a '
    + '`useGlobalGuards` call made after `connectMicroservice`: its handlers are registered when it is connected (unless '
    + '`deferInitialization` is set). Pass `{ inheritAppConfig: true }` and call `useGlobalGuards` first, or register the guards '
    + 'on the message handlers. Options the analyzer cannot follow (from a package, or a spread it cannot read) are reported '
    + 'at `info`, as not followed.',
});

export const microserviceDropsGlobalGuards: Rule = {
  meta: m,
  run: (ctx) => ctx.host.hybrid.connects.flatMap((c) => findingsOf(c, ctx)),
};

function findingsOf(c: MicroserviceConnect, ctx: RuleContext): Finding[] {
  const at = nodeAt(ctx.host, c.call);
  const appGuards = ctx.host.hybrid.appGuards;
  const all = [...appGuards, ...[...c.globalGuardsBefore, ...c.globalGuardsAfter].flatMap(guardNames)];
  if (all.length === 0) return [];
  if (c.inherits === false) {
    return [finding(m, `connectMicroservice(...) without inheritAppConfig: the global guards (${all.join(', ')}) do not run on the microservice's message handlers.`, at)];
  }
  if (c.inherits === undefined) {
    return [{ ...finding(m, `Cannot tell whether connectMicroservice(...) gives its message handlers the global guards (${all.join(', ')}): ${c.notFollowed ?? 'its hybrid options are not followed'}.`, at), severity: 'info' }];
  }
  if (c.globalGuardsAfter.length === 0 || c.deferred === true) return [];
  const late = c.globalGuardsAfter.flatMap(guardNames).join(', ');
  const text = `useGlobalGuards(${late}) runs after connectMicroservice(...), which registers the microservice's message handlers at once: `
    + `${late} does not run on them (call useGlobalGuards first, or pass deferInitialization: true).`;
  if (c.deferred === undefined) return [{ ...finding(m, `${text} Whether deferInitialization is set is not known: ${c.notFollowed ?? 'not followed'}.`, at), severity: 'info' }];
  return [finding(m, text, at)];
}

/** `useGlobalGuards(new KeyGuard(), rolesGuard)` gives `KeyGuard`, `rolesGuard`. */
function guardNames(call: CallExpression): string[] {
  return call.getArguments().map((a) => (Node.isNewExpression(a) ? a.getExpression() : a).getText());
}
