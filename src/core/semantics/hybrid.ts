/**
 * Hybrid apps: each `app.connectMicroservice(options, hybridOptions)` of the bootstrap, with its
 * hybrid options read as NestJS reads them (`inheritAppConfig` by truthiness; `deferInitialization`
 * decides when the message handlers are registered). Computed by the linker (link/hybridApp.ts).
 *
 * Probed over TCP: without `inheritAppConfig` the microservice's handlers run without the global
 * guards (APP_GUARD and `useGlobalGuards`); with it they get them, except the guards of a
 * `useGlobalGuards` call made after `connectMicroservice`, because the handlers are registered when
 * `connectMicroservice` runs (unless `deferInitialization` is truthy).
 */
import type { CallExpression } from 'ts-morph';

export interface MicroserviceConnect {
  call: CallExpression;
  /** `inheritAppConfig` as NestJS tests it (truthiness); undefined when the options are not followed. */
  inherits: boolean | undefined;
  /** `deferInitialization`, the same way. */
  deferred: boolean | undefined;
  /** Why `inherits` (or `deferred`) is not known, in words. */
  notFollowed?: string;
  /** `app.useGlobalGuards(...)` calls made before and after this connection, in the bootstrap's order. */
  globalGuardsBefore: CallExpression[];
  globalGuardsAfter: CallExpression[];
}

export interface HybridFacts {
  connects: MicroserviceConnect[];
  /** Global guards every connection with `inheritAppConfig` gets: APP_GUARD providers of the reachable modules. */
  appGuards: string[];
}

export const NO_HYBRID: HybridFacts = { connects: [], appGuards: [] };
