/**
 * The route's interceptors as protection sources (origin `interceptor`), in execution order. They
 * run after every guard, which each source's `why` says. An interceptor that never refuses a
 * request before `next.handle()` (logging, serialisation) is not listed: it cannot protect and says
 * nothing about the verdict. One that refuses some requests but lets others through without a
 * credential is listed, as no security check, so the route's `why` says how it lets them through.
 */
import type { Route } from '../model';
import { interceptorSemantics } from './interceptorSemantics';
import type { ProtectionSource } from './protection';
import type { SourceProducer } from './routeSources';

export const AFTER_GUARDS = 'runs after every guard';

export const interceptorProducer: SourceProducer = {
  name: 'interceptors',
  forApp: ({ host }) => (route: Route) => route.interceptors.flatMap((ref): ProtectionSource[] => {
    const sem = interceptorSemantics(ref, host);
    if (!sem.refuses) return [];
    // A way through on route metadata (a marker it honours): off where the route is marked public.
    const marker = sem.readsMarker ? route.metadata.find((e) => e.kind === 'public') : undefined;
    const base = {
      origin: 'interceptor' as const, name: ref.name, kind: sem.kind, why: `${AFTER_GUARDS}; ${sem.reason}`, weaknesses: sem.weaknesses,
      ...(ref.declaredAt ? { at: ref.declaredAt } : {}),
    };
    return [marker ? { ...base, applies: 'no', off: { by: 'marker', what: `@${marker.decorator}` } } : { ...base, applies: 'yes' }];
  }),
};
