/**
 * The semantics pass: guard semantics, per-route verdicts, ownership, middleware, then the rules.
 * Fills each route's `RouteSemantics` fields and `app.findings`. Stores no ts-morph node in the index.
 */
import type { AppIndex } from '../model';
import type { SemanticsHost } from './host';
import type { RouteEvaluation } from './routeVerdict';
import { evaluateRoute } from './routeVerdict';
import { GuardSemanticsCache } from './guardClassSemantics';
import { middlewareOf, middlewarePass } from './middleware';
import { SOURCE_PRODUCERS } from './routeSources';
import { guardStates } from './guardsOnRoute';
import { benignUnresolved } from './benignUnresolved';
import { ownershipEvidence } from './ownership/index';
import { runRules } from '../rules/registry';

export function applySemantics(app: AppIndex, host: SemanticsHost): void {
  const cache = new GuardSemanticsCache(host);
  const bindings = host.middleware;
  const evaluations = new Map<string, RouteEvaluation>();
  const benignCache = new Map<string, boolean>();
  const facts = { app, host, middleware: bindings };
  const producers = SOURCE_PRODUCERS.map((p) => ({ name: p.name, sources: p.forApp(facts) }));
  for (const route of app.routes) {
    try {
      const sems = route.guards.map((g) => cache.of(g));
      const middleware = guarded(app, `middleware of ${route.id}`, () => middlewareOf(route, middlewarePass(host, app.routes)).refs, []);
      const benign = guarded(app, `unresolved entries of ${route.id}`, () => benignUnresolved(route, host, benignCache), []);
      const states = guardStates(route, sems);
      const others = producers.flatMap((p) => guarded(app, `${p.name} of ${route.id}`, () => p.sources(route, states), []));
      const ev = evaluateRoute(route, sems, others, { benignUnresolved: benign });
      evaluations.set(route.id, ev);
      route.verdict = ev.verdict;
      route.why = ev.why;
      route.rolesEnforcedBy = ev.rolesEnforcedBy;
      route.publicHonouredBy = ev.publicHonouredBy;
      route.publicIgnoredBy = ev.publicIgnoredBy;
      route.middleware = middleware;
      route.protection = ev.sources;
      route.weakenedBy = ev.weakenedBy;
      route.guardEffects = ev.guards.map((g) => ({
        name: g.guard.name, kind: g.sem.kind, state: g.state, reason: g.sem.reasons[0] ?? '', ...(g.offBy ? { offBy: g.offBy } : {}),
      }));
      route.ownership = guarded(app, `ownership of ${route.id}`, () => ownershipEvidence(route, ev.guards, host, ev.rolesEnforcedBy), null);
    } catch (error) {
      // One route the pass cannot read must not cost the others their verdicts.
      Object.assign(route, { ...EMPTY, why: `the semantics pass failed on this route: ${(error as Error).message}` });
    }
  }
  app.findings = runRules({ app, host, evaluations, middleware: bindings }, (code, error) => {
    app.diagnostics.push({ severity: 'warning', message: `rule ${code} failed: ${error.message}` });
  });
}

const EMPTY = { verdict: 'unknown' as const, rolesEnforcedBy: [], publicHonouredBy: [], publicIgnoredBy: [], middleware: [], guardEffects: [], protection: [], weakenedBy: [], ownership: null };

function guarded<T>(app: AppIndex, what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    app.diagnostics.push({ severity: 'warning', message: `semantics (${what}) failed: ${(error as Error).message}` });
    return fallback;
  }
}

export type { GuardSemantics, GuardKind, ReadScope, MetadataRead } from './types';
export { guardClassSemantics, guardRefSemantics } from './guardClassSemantics';
export { evaluateRoute } from './routeVerdict';
export { ownershipEvidence, isIdParam } from './ownership/index';
