/**
 * Producers of the protection sources other than the route's guards (middleware, the TLS listener,
 * interceptors, checks inside handlers). The pass asks each producer once per app for a per-route
 * function, then appends what it returns after the guards. To add a kind of protection, add a
 * producer here: the verdict (routeVerdict.ts) is decided from the sources alone.
 */
import type { AppIndex, Route } from '../model';
import type { SemanticsHost } from './host';
import type { MiddlewareBinding } from './middleware/types';
import { middlewareProducer } from './middleware/source';
import type { GuardOnRoute } from './guardsOnRoute';
import type { ProtectionSource } from './protection';
import { handlerCheckProducer } from './handlerChecks/source';
import { tlsProducer } from './tlsSources';
import { interceptorProducer } from './interceptorSources';

/** What the pass computed once per app, for producers to share. */
export interface PassFacts {
  app: AppIndex;
  host: SemanticsHost;
  middleware: readonly MiddlewareBinding[];
}

export interface SourceProducer {
  /** Named in the diagnostic when the producer fails on a route (the route keeps the other sources). */
  name: string;
  forApp(facts: PassFacts): (route: Route, guards: readonly GuardOnRoute[]) => ProtectionSource[];
}

export const SOURCE_PRODUCERS: readonly SourceProducer[] = [middlewareProducer, tlsProducer, interceptorProducer, handlerCheckProducer];
