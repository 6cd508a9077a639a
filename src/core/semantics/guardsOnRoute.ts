/**
 * Which guards of a route's chain really run on it: a guard switched off by a marker it honours, an
 * opt-in guard without its metadata, or a guard that runs; and the protection sources they make.
 */
import type { GuardRef, MetadataEntry, Route } from '../model';
import type { ProtectionSource } from './protection';
import type { GuardSemantics, ReadScope } from './types';
import { describeTest, passesTest, readValue } from './markerValues';

export type GuardState = 'runs' | 'off-by-marker' | 'off-opt-in' | 'maybe-off';

export interface GuardOnRoute {
  guard: GuardRef;
  sem: GuardSemantics;
  state: GuardState;
  /** The metadata (decorator) that switched it off, the key whose absence did, or (maybe-off) why it may be off. */
  offBy?: string;
}

/** Metadata entries with this key visible to a read from `scope`. */
export function visibleEntries(route: Route, key: string, scope: ReadScope): MetadataEntry[] {
  return route.metadata.filter((e) => e.key === key && (
    scope === 'handler' ? e.level === 'handler' : scope === 'class' ? e.level === 'controller' : true));
}

/**
 * Each guard's state on the route: switched off by a marker test that holds (`isPublic === true` with
 * `SetMetadata(IS_PUBLIC_KEY, true)`; `''` is falsy and not `true`), opt-in without what it needs,
 * undecided when the value is one the analyzer cannot read, else it runs.
 */
export function guardStates(route: Route, sems: GuardSemantics[]): GuardOnRoute[] {
  return route.guards.map((guard, i) => {
    const sem = sems[i];
    let maybe: string | undefined;
    for (const e of sem.trueWhenPresent) {
      const { value, entry } = readValue(route, e.key, e.scope, e.method);
      const holds = passesTest(value, e.test);
      if (holds === true) return { guard, sem, state: 'off-by-marker' as const, offBy: entry ? `@${entry.decorator}` : e.key };
      if (holds === undefined) maybe ??= `returns true when ${describeTest(e.key, e.test)}, and ${entry ? `@${entry.decorator}` : e.key} sets a value the analyzer cannot read`;
    }
    for (const e of sem.trueWhenAbsent) {
      const { value, entry } = readValue(route, e.key, e.scope, e.method);
      const holds = passesTest(value, e.test);
      if (holds === false) return { guard, sem, state: 'off-opt-in' as const, offBy: e.key };
      if (holds === undefined) maybe ??= `returns true unless ${describeTest(e.key, e.test)}, and ${entry ? `@${entry.decorator}` : e.key} sets a value the analyzer cannot read`;
    }
    if (maybe) return { guard, sem, state: 'maybe-off' as const, offBy: maybe };
    return { guard, sem, state: 'runs' as const };
  });
}

/** `ApiKeyGuard compares an API key header` on ApiKeyGuard gives `compares an API key header`. */
export function reasonWithoutName(s: GuardOnRoute): string {
  const reason = s.sem.reasons[0] ?? s.sem.kind;
  const cls = s.guard.className;
  return reason.startsWith(`${cls} `) ? reason.slice(cls.length + 1) : reason;
}

/** The guards of the chain as protection sources (same order as the chain). */
export function guardSources(states: GuardOnRoute[]): ProtectionSource[] {
  return states.map((s) => {
    const base = {
      origin: 'guard' as const, name: s.guard.name, kind: s.sem.kind, why: reasonWithoutName(s), weaknesses: s.sem.weaknesses,
      ...(s.sem.alwaysTrue ? { alwaysTrue: true } : {}), ...(s.guard.declaredAt ? { at: s.guard.declaredAt } : {}),
    };
    if (s.state === 'off-by-marker') return { ...base, applies: 'no' as const, off: { by: 'marker' as const, what: s.offBy ?? '' } };
    if (s.state === 'off-opt-in') return { ...base, applies: 'no' as const, off: { by: 'opt-in' as const, what: s.offBy ?? '' } };
    if (s.state === 'maybe-off') return { ...base, applies: 'maybe' as const, maybe: s.offBy ?? '' };
    return { ...base, applies: 'yes' as const };
  });
}
