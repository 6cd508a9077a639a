/**
 * A route's verdict is decided from a list of protection sources: everything that may refuse a request
 * before the handler's effect (guards of the chain, middleware bound in `configure`, interceptors,
 * checks inside the handler). Each source says what it is when it runs, whether it runs on this
 * route, and which findings weaken it. `decideVerdict` (routeVerdict.ts) reads only this list, so a new
 * kind of protection is a new producer of sources, never an edit of the decision.
 */
import type { ProtectionSource, Weakness } from '../model';

export type { ProtectionOrigin, ProtectionSource, SourceOff, Weakness } from '../model';

/** The source runs on the route and authenticates: no weakness lets a request through or may. */
export function authenticates(s: ProtectionSource): boolean {
  return s.applies === 'yes' && s.kind === 'authentication' && s.weaknesses.length === 0;
}

/** The source runs (or may) and the analyzer cannot say whether it authenticates. */
export function undecided(s: ProtectionSource): boolean {
  if (s.applies === 'no') return false;
  if (s.kind === 'unknown') return !s.weaknesses.some((w) => w.effect === 'passes');
  if (s.kind !== 'authentication') return false;
  if (s.weaknesses.some((w) => w.effect === 'passes')) return false;
  return s.applies === 'maybe' || s.weaknesses.some((w) => w.effect === 'uncertain');
}

/** Switched off for this route deliberately (marker or path allowlist), and it would otherwise authenticate or might. */
export function exempted(s: ProtectionSource): boolean {
  return s.applies === 'no' && (s.off?.by === 'marker' || s.off?.by === 'path') && (s.kind === 'authentication' || s.kind === 'unknown');
}

/** The weaknesses of a source that let requests through (not merely uncertain). */
export function passing(s: ProtectionSource): Weakness[] {
  return s.weaknesses.filter((w) => w.effect === 'passes');
}
