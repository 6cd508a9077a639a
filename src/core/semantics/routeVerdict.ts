/**
 * Per-route evaluation: which guards really run, which the public marker switches off, who enforces
 * the roles, and the verdict with a one-line why. Pure over plain data.
 */
import type { GuardRef, MetadataEntry, MiddlewareRef, Route, Unresolved, Verdict } from '../model';
import type { EarlyReturn, GuardSemantics, ReadScope } from './types';

export type GuardState = 'runs' | 'off-by-marker' | 'off-opt-in';

export interface GuardOnRoute {
  guard: GuardRef;
  sem: GuardSemantics;
  state: GuardState;
  /** The metadata (decorator) that switched it off, or the key whose absence did. */
  offBy?: string;
}

export interface RouteEvaluation {
  verdict: Verdict;
  why: string;
  rolesEnforcedBy: string[];
  publicHonouredBy: string[];
  publicIgnoredBy: string[];
  guards: GuardOnRoute[];
}

/** Metadata entries with this key visible to a read from `scope`. */
export function visibleEntries(route: Route, key: string, scope: ReadScope): MetadataEntry[] {
  return route.metadata.filter((e) => e.key === key && (
    scope === 'handler' ? e.level === 'handler' : scope === 'class' ? e.level === 'controller' : true));
}

const FALSY = new Set(['false', '0', 'null', 'undefined', "''", '""']);

/** A visible entry whose value is truthy (`SetMetadata(IS_PUBLIC_KEY, false)` reads as absent). */
function present(route: Route, e: EarlyReturn): MetadataEntry | undefined {
  return visibleEntries(route, e.key, e.scope).find((m) => !(m.values.length === 1 && FALSY.has(m.values[0])));
}

export function guardStates(route: Route, sems: GuardSemantics[]): GuardOnRoute[] {
  return route.guards.map((guard, i) => {
    const sem = sems[i];
    for (const e of sem.trueWhenPresent) {
      const entry = present(route, e);
      if (entry) return { guard, sem, state: 'off-by-marker' as const, offBy: `@${entry.decorator}` };
    }
    for (const e of sem.trueWhenAbsent) {
      if (!present(route, e)) return { guard, sem, state: 'off-opt-in' as const, offBy: e.key };
    }
    return { guard, sem, state: 'runs' as const };
  });
}

function rolesEnforcers(route: Route, states: GuardOnRoute[]): string[] {
  const roleEntries = route.metadata.filter((e) => e.kind === 'roles');
  const out: string[] = [];
  for (const s of states) {
    if (s.state !== 'runs') continue;
    const reads = s.sem.reads.some((r) => roleEntries.some((e) => e.key === r.key && visibleEntries(route, r.key, r.scope).includes(e)));
    if (reads && !out.includes(s.guard.name)) out.push(s.guard.name);
  }
  return out;
}

const names = (list: GuardOnRoute[]): string => [...new Set(list.map((s) => s.guard.name))].join(', ');

/**
 * Guards switched off by a marker that make the route public: authentication guards (or guards whose
 * kind is unknown) only. A marker that exempts from a write-blocking or rate-limiting guard is no
 * public marker (issue P14).
 */
function publicHonouring(states: GuardOnRoute[]): GuardOnRoute[] {
  return states.filter((s) => s.state === 'off-by-marker' && (s.sem.kind === 'authentication' || s.sem.kind === 'unknown'));
}

export interface RouteExtras {
  /**
   * Authentication middleware that may or may not apply to the route (a `forRoutes` or `exclude`
   * argument the analyzer could not follow), said in words; it makes an otherwise unprotected route `unknown`.
   */
  uncertainMiddleware?: string[];
  /** Why middleware on the route does not authenticate (its body lets anonymous requests through). */
  middlewareNotes?: string[];
  /** Entries of `route.unresolved` shown to be unable to add a guard (they do not make the verdict `unknown`). */
  benignUnresolved?: Unresolved[];
}

export function evaluateRoute(route: Route, sems: GuardSemantics[], middleware: MiddlewareRef[] = [], extras: RouteExtras = {}): RouteEvaluation {
  const states = guardStates(route, sems);
  const running = states.filter((s) => s.state === 'runs');
  const honouring = publicHonouring(states);
  const publicIgnoredBy = route.public || honouring.length > 0
    ? [...new Set(running.filter((s) => s.sem.kind !== 'non-security').map((s) => s.guard.name))]
    : [];
  const base = {
    rolesEnforcedBy: rolesEnforcers(route, states),
    publicHonouredBy: [...new Set(honouring.map((s) => s.guard.name))],
    publicIgnoredBy,
    guards: states,
  };
  return { ...base, ...decide(route, states, middleware, extras) };
}

function decide(route: Route, states: GuardOnRoute[], middleware: MiddlewareRef[], extras: RouteExtras): { verdict: Verdict; why: string } {
  const uncertain = extras.uncertainMiddleware ?? [];
  const benignUnresolved = new Set(extras.benignUnresolved ?? []);
  const running = states.filter((s) => s.state === 'runs');
  const auth = running.filter((s) => s.sem.kind === 'authentication');
  if (auth.length > 0) {
    const unique = auth.filter((s, i) => auth.findIndex((x) => x.guard.name === s.guard.name) === i);
    const described = unique.map((s) => `${s.guard.name} (${reasonWithoutName(s)})`);
    const subject = described.length > 1 ? `${described.slice(0, -1).join(', ')} and ${described[described.length - 1]} authenticate`
      : `${unique[0].guard.name} authenticates (${reasonWithoutName(unique[0])})`;
    const ignored = route.public ? `; the public marker is ignored by ${names(auth)}` : '';
    return { verdict: 'protected', why: `${subject}${ignored}` };
  }
  const authMw = middleware.filter((m) => m.authentication);
  if (authMw.length > 0) {
    return { verdict: 'protected', why: `middleware ${authMw.map((m) => m.name).join(', ')} authenticates (applied in ${authMw[0].module}.configure)` };
  }
  const honouring = publicHonouring(states);
  const publicEntry = route.metadata.find((e) => e.kind === 'public');
  if (route.public || honouring.length > 0) {
    const marker = publicEntry ? `@${publicEntry.decorator}` : honouring[0].offBy;
    const unknowns = running.filter((s) => s.sem.kind === 'unknown');
    const tail = unknowns.length ? `; ${names(unknowns)} still runs (effect unknown)` : '';
    if (honouring.length > 0) return { verdict: 'public', why: `marked public by ${marker}, honoured by ${names(honouring)}${tail}` };
    return { verdict: 'public', why: `marked public by ${marker}; no authentication guard in the chain${tail}` };
  }
  const unknown = running.filter((s) => s.sem.kind === 'unknown');
  if (unknown.length > 0) {
    const who = [...new Set(unknown.map((s) => s.guard.name))];
    const subject = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who[who.length - 1]}` : who[0];
    const detail = who.length > 1 ? `${who[0]}: ${reasonWithoutName(unknown[0])}` : reasonWithoutName(unknown[0]);
    return { verdict: 'unknown', why: `cannot tell whether ${subject} authenticates (${detail})` };
  }
  const unresolved = route.unresolved.filter((u) => !benignUnresolved.has(u));
  if (unresolved.length > 0) {
    return { verdict: 'unknown', why: `no authentication guard found, but the chain is not fully resolved: ${unresolved[0].reason}` };
  }
  if (uncertain.length > 0) {
    return { verdict: 'unknown', why: `no authentication guard found, but ${uncertain[0]}` };
  }
  const notes = extras.middlewareNotes ?? [];
  return { verdict: 'unprotected', why: unprotectedWhy(states) + (notes.length ? `; ${notes.join('; ')}` : '') };
}

/** `ApiKeyGuard compares an API key header` on ApiKeyGuard gives `compares an API key header`. */
function reasonWithoutName(s: GuardOnRoute): string {
  const reason = s.sem.reasons[0] ?? s.sem.kind;
  const cls = s.guard.className;
  return reason.startsWith(`${cls} `) ? reason.slice(cls.length + 1) : reason;
}

function unprotectedWhy(states: GuardOnRoute[]): string {
  if (states.length === 0) return 'no guard in the chain and no authentication middleware';
  const parts = states.map((s) => {
    if (s.state === 'off-opt-in') return `${s.guard.name} is opt-in and the route has no ${s.offBy} metadata`;
    if (s.state === 'off-by-marker' && s.sem.kind !== 'authentication' && s.sem.kind !== 'unknown') {
      return `${s.guard.name} is switched off by ${s.offBy} and is not an authentication guard (${reasonWithoutName(s)})`;
    }
    if (s.state === 'off-by-marker') return `${s.guard.name} is switched off by ${s.offBy}`;
    if (s.sem.alwaysTrue) return `${s.guard.name} always returns true`;
    if (s.sem.kind === 'authorization') return `${s.guard.name} authorizes but does not authenticate`;
    if (s.sem.kind === 'non-security') return `${s.guard.name} is not a security check (${reasonWithoutName(s)})`;
    return `${s.guard.name} (${s.sem.kind})`;
  });
  return `no guard authenticates: ${parts.join('; ')}`;
}
