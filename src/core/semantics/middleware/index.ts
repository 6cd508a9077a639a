/**
 * Middleware on a route: which bindings run for it (all of its requests, or only some), what each
 * middleware does (judged by its body or the library vocabulary), and the protection sources that
 * makes: authenticating middleware that covers the route; middleware that may or may not apply (an
 * argument not followed, a run-time condition); middleware that runs but lets anonymous requests
 * through, or does something the analyzer cannot tell.
 */
import type { MiddlewareRef, ProtectionSource, Route } from '../../model';
import type { SemanticsHost } from '../host';
import { judgeMiddleware, type BodyJudgement } from './body';
import { bindingMounts, coverageOf, type BindingMounts, type Coverage } from './coverage';
import type { RouteLookup } from './mounts';
import type { MiddlewareItem } from './types';

export interface MiddlewarePass {
  host: SemanticsHost;
  lookup: RouteLookup;
  bindings: BindingMounts[];
  judgements: Map<MiddlewareItem, BodyJudgement>;
  perRoute: Map<Route, RouteMiddleware>;
}

export interface RouteMiddleware {
  /** The middleware that runs for the route (for all of its requests, or some), for `route.middleware`. */
  refs: MiddlewareRef[];
  /** What the verdict is decided from (origin `middleware`). */
  sources: ProtectionSource[];
}

const passes = new WeakMap<SemanticsHost, MiddlewarePass>();

/** One pass per link (a link makes a new host): mounts and bodies are computed once, each route once. */
export function middlewarePass(host: SemanticsHost, routes: readonly Route[]): MiddlewarePass {
  const known = passes.get(host);
  if (known && known.lookup.routes === routes) return known;
  const lookup: RouteLookup = { routes, ofController: (r, sel) => host.controllerOf(r) === sel.decl };
  const pass: MiddlewarePass = {
    host, lookup, bindings: host.middleware.map((b) => bindingMounts(b, host.http, lookup)), judgements: new Map(), perRoute: new Map(),
  };
  passes.set(host, pass);
  return pass;
}

export function middlewareOf(route: Route, pass: MiddlewarePass): RouteMiddleware {
  const known = pass.perRoute.get(route);
  if (known) return known;
  const out: RouteMiddleware = { refs: [], sources: [] };
  for (const b of pass.bindings) {
    const coverage = coverageOf(route, b, pass.host.http, pass.lookup);
    for (const item of b.binding.items) add(out, item, judgement(item, pass), b, coverage, pass);
  }
  pass.perRoute.set(route, out);
  return out;
}

function add(out: RouteMiddleware, item: MiddlewareItem, j: BodyJudgement, b: BindingMounts, coverage: Coverage, pass: MiddlewarePass): void {
  const appliedIn = b.binding.appliedIn ?? `${b.binding.module}.configure`;
  const where = `${item.name} (${appliedIn})`;
  const at = pass.host.locate(b.binding.at);
  const base = { origin: 'middleware' as const, name: item.name, weaknesses: [], at };
  const doing = withoutName(j.reason, item.name);
  const mayAuthenticate = j.effect !== 'passes';
  if (coverage.kind === 'none') {
    // Said only when it looks as if it applied (excluded, the parent path, another method or version).
    if (mayAuthenticate && coverage.why) out.sources.push({ ...base, kind: kindOf(j), applies: 'no', why: doing, off: { by: 'not-applied', what: coverage.why } });
    return;
  }
  if (coverage.kind === 'unknown') {
    if (mayAuthenticate) {
      const what = coverage.reason.startsWith('exclude') ? 'may not apply' : 'may apply';
      out.sources.push({ ...base, kind: kindOf(j), applies: 'maybe', why: doing, maybe: `${where} ${what}: ${coverage.reason}` });
    }
    return;
  }
  out.refs.push({
    name: item.name,
    authentication: j.effect === 'authenticates' && coverage.kind === 'full' && !b.binding.condition,
    effect: j.effect,
    reason: j.reason,
    coverage: coverage.kind === 'full' ? 'full' : 'partial',
    module: b.binding.module,
    at,
  });
  if (coverage.kind === 'partial') {
    const detail = `does not run for ${coverage.missed}, which this route serves: ${coverage.why}`;
    // Authenticating middleware that some requests of the route skip lets those requests through.
    out.sources.push(mayAuthenticate
      ? { ...base, kind: kindOf(j), applies: 'yes', why: detail, weaknesses: [{ code: 'no-authentication', detail, effect: 'passes', at }] }
      : { ...base, kind: 'non-security', applies: 'yes', why: doing });
    return;
  }
  if (j.effect === 'authenticates' && b.binding.condition) {
    out.sources.push({ ...base, kind: 'authentication', applies: 'maybe', why: doing, maybe: `${where} authenticates, but whether it is bound depends on ${b.binding.condition}` });
    return;
  }
  const why = j.effect === 'authenticates' ? `${doing}; applied in ${appliedIn}` : doing;
  out.sources.push({ ...base, kind: kindOf(j), applies: 'yes', why });
}

function kindOf(j: BodyJudgement): ProtectionSource['kind'] {
  return j.effect === 'authenticates' ? 'authentication' : j.effect === 'passes' ? 'non-security' : 'unknown';
}

/** `AuthMiddleware rejects ...` gives `rejects ...`. */
function withoutName(reason: string, name: string): string {
  return reason.startsWith(`${name} `) ? reason.slice(name.length + 1) : reason;
}

function judgement(item: MiddlewareItem, pass: MiddlewarePass): BodyJudgement {
  let j = pass.judgements.get(item);
  if (!j) {
    try {
      j = judgeMiddleware(item, pass.host);
    } catch (error) {
      j = { effect: 'unknown', reason: `${item.name} could not be read (${(error as Error).message})` };
    }
    pass.judgements.set(item, j);
  }
  return j;
}
