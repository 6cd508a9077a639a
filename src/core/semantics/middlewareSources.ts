/**
 * Middleware bound to a route (`consumer.apply(...).forRoutes(...)`) as protection sources: what
 * applies, what may apply (selectors the analyzer could not follow), and why a bound middleware does
 * not authenticate when its body says so.
 */
import type { MiddlewareRef, Route } from '../model';
import type { SemanticsHost } from './host';
import type { MiddlewareBinding } from './middleware';
import { middlewareNotes, uncertainMiddlewareFor } from './middleware';
import type { ProtectionSource } from './protection';

export function middlewareSources(route: Route, applied: MiddlewareRef[], bindings: MiddlewareBinding[], host: SemanticsHost): ProtectionSource[] {
  const out: ProtectionSource[] = applied.filter((m) => m.authentication).map((m) => ({
    origin: 'middleware', name: m.name, kind: 'authentication', applies: 'yes', why: `applied in ${m.module}.configure`, weaknesses: [], at: m.at,
  }));
  for (const note of middlewareNotes(route, bindings, host)) {
    // `middleware X calls next() when ...`: the name, then what its body does.
    const [, name = '', why = note] = /^middleware (\S+) (.*)$/.exec(note) ?? [];
    out.push({ origin: 'middleware', name, kind: 'non-security', applies: 'yes', why, weaknesses: [] });
  }
  for (const maybe of uncertainMiddlewareFor(route, bindings, host)) {
    out.push({ origin: 'middleware', name: maybe.split(' (')[0], kind: 'authentication', applies: 'maybe', why: maybe, maybe, weaknesses: [] });
  }
  return out;
}
