/**
 * Which guards of a route's chain really run on it: a guard switched off by a marker it honours, an
 * opt-in guard without its metadata, or a guard that runs; and the protection sources they make.
 */
import type { GuardRef, MetadataEntry, Route } from '../model';
import type { ProtectionSource } from './protection';
import type { EarlyReturn, GuardSemantics, ReadScope } from './types';

export type GuardState = 'runs' | 'off-by-marker' | 'off-opt-in';

export interface GuardOnRoute {
  guard: GuardRef;
  sem: GuardSemantics;
  state: GuardState;
  /** The metadata (decorator) that switched it off, or the key whose absence did. */
  offBy?: string;
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
    return { ...base, applies: 'yes' as const };
  });
}
