/**
 * Per-route evaluation: which guards really run, which the public marker switches off, who enforces
 * the roles, and the verdict with a one-line why, decided from the route's protection sources
 * (protection.ts). Pure over plain data.
 */
import type { Route, Unresolved, Verdict } from '../model';
import type { GuardOnRoute } from './guardsOnRoute';
import { guardSources, guardStates, visibleEntries } from './guardsOnRoute';
import type { ProtectionSource } from './protection';
import { authenticates, exempted, passing, undecided } from './protection';
import type { GuardSemantics } from './types';

export type { GuardOnRoute, GuardState } from './guardsOnRoute';
export { guardStates, visibleEntries } from './guardsOnRoute';

export interface RouteEvaluation {
  verdict: Verdict;
  why: string;
  rolesEnforcedBy: string[];
  publicHonouredBy: string[];
  publicIgnoredBy: string[];
  guards: GuardOnRoute[];
  /** Every source the verdict was decided from: the guards (chain order), then the others as given. */
  sources: ProtectionSource[];
  /** Codes of the findings that weaken the verdict (a source that would authenticate but lets requests through, or may). */
  weakenedBy: string[];
}

export interface RouteExtras {
  /** Entries of `route.unresolved` shown to be unable to add a guard (they do not make the verdict `unknown`). */
  benignUnresolved?: Unresolved[];
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

const unique = (xs: string[]): string[] => [...new Set(xs)];
const names = (list: ProtectionSource[]): string => unique(list.map(label)).join(', ');

/** `JwtAuthGuard`; `middleware AuthMiddleware`; `interceptor X`; a handler check and the TLS listener by their own name. */
function label(s: ProtectionSource): string {
  return s.origin === 'middleware' || s.origin === 'interceptor' ? `${s.origin} ${s.name}` : s.name;
}

/**
 * The verdict from the route's guards and the other protection sources (middleware, interceptors,
 * handler checks), which are appended after the guards.
 */
export function evaluateRoute(route: Route, sems: GuardSemantics[], others: ProtectionSource[] = [], extras: RouteExtras = {}): RouteEvaluation {
  const states = guardStates(route, sems);
  const sources = [...guardSources(states), ...others];
  const honouring = sources.filter((s) => s.origin === 'guard' && exempted(s) && s.off?.by === 'marker');
  const publicIgnoredBy = route.public || honouring.length > 0
    ? unique(sources.filter((s) => s.origin === 'guard' && s.applies === 'yes' && s.kind !== 'non-security').map((s) => s.name))
    : [];
  const decision = decideVerdict(route, sources, extras);
  const weakenedBy = decision.verdict === 'protected' ? []
    : unique(sources.filter((s) => s.applies !== 'no' && s.kind !== 'non-security').flatMap((s) => s.weaknesses.map((w) => w.code)));
  return {
    rolesEnforcedBy: rolesEnforcers(route, states),
    publicHonouredBy: unique(honouring.map((s) => s.name)),
    publicIgnoredBy,
    guards: states,
    sources,
    weakenedBy,
    ...decision,
  };
}

/** The verdict and its why, from the sources alone (plus the route's public marker and unresolved chain entries). */
export function decideVerdict(route: Route, sources: ProtectionSource[], extras: RouteExtras = {}): { verdict: Verdict; why: string } {
  const auth = sources.filter(authenticates);
  if (auth.length > 0) {
    const list = uniqueBy(auth);
    const described = list.map((s) => `${label(s)} (${s.why})`);
    const subject = list.length > 1 ? `${described.slice(0, -1).join(', ')} and ${described[described.length - 1]} authenticate`
      : `${label(list[0])} authenticates (${list[0].why})`;
    const ignoring = auth.filter((s) => s.origin === 'guard');
    const ignored = route.public && ignoring.length > 0 ? `; the public marker is ignored by ${names(ignoring)}` : '';
    return { verdict: 'protected', why: `${subject}${ignored}` };
  }
  const honouring = sources.filter(exempted);
  const publicEntry = route.metadata.find((e) => e.kind === 'public');
  const open = sources.filter(undecided);
  // Only an exemption that a source really applies makes a route public; a marker's name alone never does.
  if (honouring.length > 0) {
    const marker = honouring[0].off?.what ?? (publicEntry ? `@${publicEntry.decorator}` : '');
    const tail = open.length ? `; ${names(open)} still runs (effect unknown)` : '';
    return { verdict: 'public', why: `marked public by ${marker}, honoured by ${names(honouring)}${tail}` };
  }
  const running = open.filter((s) => s.applies === 'yes');
  if (running.length > 0) {
    const who = unique(running.map(label));
    const subject = who.length > 1 ? `${who.slice(0, -1).join(', ')} or ${who[who.length - 1]}` : who[0];
    const detail = who.length > 1 ? `${who[0]}: ${undecidedWhy(running[0])}` : undecidedWhy(running[0]);
    return { verdict: 'unknown', why: `cannot tell whether ${subject} authenticates (${detail})` };
  }
  const benign = new Set(extras.benignUnresolved ?? []);
  // An uncertain path (prefix, controller path) does not change which guards run (issue 8, item 6).
  const unresolved = route.unresolved.filter((u) => !benign.has(u) && u.affects !== 'path');
  if (unresolved.length > 0) {
    return { verdict: 'unknown', why: `no authentication guard found, but the chain is not fully resolved: ${unresolved[0].reason}` };
  }
  const maybe = open.find((s) => s.applies === 'maybe');
  if (maybe?.origin === 'guard') return { verdict: 'unknown', why: `cannot tell whether ${maybe.name} runs: it ${maybe.maybe ?? 'may be switched off'}` };
  if (maybe) return { verdict: 'unknown', why: `no authentication guard found, but ${maybe.maybe ?? `${label(maybe)} may apply`}` };
  const unread = publicEntry && route.public ? `; @${publicEntry.decorator} marks it public, but no guard in the chain reads that marker` : '';
  return { verdict: 'unprotected', why: unprotectedWhy(sources) + unread };
}

function uniqueBy(list: ProtectionSource[]): ProtectionSource[] {
  return list.filter((s, i) => list.findIndex((x) => label(x) === label(s)) === i);
}

function undecidedWhy(s: ProtectionSource): string {
  const w = s.weaknesses.find((x) => x.effect === 'uncertain');
  return s.kind === 'authentication' && w ? `${w.detail} [${w.code}]` : s.why;
}

function unprotectedWhy(sources: ProtectionSource[]): string {
  const guards = sources.filter((s) => s.origin === 'guard');
  const notes = sources.filter((s) => s.origin !== 'guard' && s.applies === 'yes').map((s) => `${label(s)} ${s.why}`);
  // Bound near the route but not on it (excluded, its parent path exactly, another method): say why it does not count.
  notes.push(...sources.filter((s) => s.origin !== 'guard' && s.off?.by === 'not-applied').map((s) => `${label(s)} does not run for it: ${s.off?.what}`));
  const tail = notes.length ? `; ${notes.join('; ')}` : '';
  if (guards.length === 0) return `no guard in the chain and no authentication middleware${tail}`;
  return `no guard authenticates: ${guards.map(notCounted).join('; ')}${tail}`;
}

/** Why one guard does not make the route protected. */
function notCounted(s: ProtectionSource): string {
  if (s.off?.by === 'opt-in') return `${s.name} is opt-in and the route has no ${s.off.what} metadata`;
  if (s.off?.by === 'marker' && s.kind !== 'authentication' && s.kind !== 'unknown') {
    return `${s.name} is switched off by ${s.off.what} and is not an authentication guard (${s.why})`;
  }
  if (s.off) return `${s.name} is switched off by ${s.off.what}`;
  const pass = passing(s)[0];
  if (pass) return `${s.name} does not authenticate: ${pass.detail} [${pass.code}]`;
  if (s.alwaysTrue) return `${s.name} always returns true`;
  if (s.kind === 'authorization') return `${s.name} authorizes but does not authenticate`;
  if (s.kind === 'non-security') return `${s.name} is not a security check (${s.why})`;
  return `${s.name} (${s.kind})`;
}
