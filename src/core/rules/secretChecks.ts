/**
 * Where the app compares a value the client sent with a secret: the check of a handler (every way to
 * its effect passes it) and the comparisons in the `canActivate` of guards that run. One list per pass,
 * shared by the rules about how such a secret is sent and compared.
 */
import type { SecretCheckFact } from '../semantics/handlerChecks';
import { guardSecretComparisons, handlerCheckFacts } from '../semantics/handlerChecks';
import { appGuardClasses } from './appGuards';
import type { RuleContext } from './types';

export interface SecretCheckSite {
  fact: SecretCheckFact;
  /** Where the comparison is written: `CronController.run`, `CronController.assertKey`, `ApiKeyGuard.canActivate`. */
  owner: string;
  routes: string[];
}

const memo = new WeakMap<RuleContext, SecretCheckSite[]>();

export function secretCheckSites(ctx: RuleContext): SecretCheckSite[] {
  let list = memo.get(ctx);
  if (!list) {
    list = collect(ctx);
    memo.set(ctx, list);
  }
  return list;
}

function collect(ctx: RuleContext): SecretCheckSite[] {
  const byPlace = new Map<string, SecretCheckSite>();
  const add = (fact: SecretCheckFact, routes: string[]): void => {
    const key = `${fact.at.file}:${fact.at.line}:${fact.at.column ?? 0}`;
    const site = byPlace.get(key);
    if (site) site.routes.push(...routes.filter((r) => !site.routes.includes(r)));
    else byPlace.set(key, { fact, owner: fact.holder, routes: [...routes] });
  };
  for (const r of ctx.app.routes) {
    const check = factsOrNone(() => handlerCheckFacts(r, ctx.host).check);
    if (check) add(check, [r.id]);
  }
  for (const g of appGuardClasses(ctx)) {
    const method = g.cls.getInstanceMethod('canActivate');
    if (!method) continue;
    for (const fact of guardSecretComparisons(method, ctx.host)) add(fact, g.routes);
  }
  return [...byPlace.values()];
}

/** A route whose handler cannot be read was already reported by the pass (its handler-check source failed). */
function factsOrNone<T>(fn: () => T | undefined): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
