/**
 * What the linker hands the semantics pass about middleware and the HTTP app: the
 * `consumer.apply(...).exclude(...).forRoutes(...)` bindings of reachable modules, and the app-wide
 * settings that decide where each binding is mounted (global prefix, versioning, platform).
 * Nodes here are read during the pass only; none of them reaches the index.
 */
import type { ClassDeclaration, Node } from 'ts-morph';
import type { HttpMethod, Route } from '../../model';

/**
 * A `forRoutes`/`exclude` argument as NestJS's RoutesMapper reads it; `raw`: a path given to the
 * adapter as written (`app.use('/admin', mw)`: no global prefix, no version, Express's own `use`).
 */
export type RouteSelector =
  /** A string (`method: 'USE'`, NestJS's -1: every method, mounted with the adapter's `use`) or a `{ path, method, version? }` object. */
  | { kind: 'path'; path: string; method: HttpMethod | 'USE'; versions?: string[]; text: string; raw?: boolean }
  | { kind: 'controller'; name: string; decl: ClassDeclaration; text: string }
  /** An argument the linker could not follow (a call, a package value, a run-time condition). */
  | { kind: 'unknown'; text: string; reason: string };

/** Where a middleware's behaviour can be read. */
export type MiddlewareSource =
  | { kind: 'class'; decl: ClassDeclaration }
  /** A function of the project: functional middleware, or the function a project factory returns. */
  | { kind: 'function'; node: Node }
  /** A value from a package: `session({...})`, `passport.initialize()`, `cors()`; `path` is the member path after the import. */
  | { kind: 'package'; module: string; path: string; called: boolean; args: string[] }
  | { kind: 'unknown'; reason: string };

export interface MiddlewareItem {
  /** As written: `AuthMiddleware`, `session()`, `passport.initialize()`. */
  name: string;
  source: MiddlewareSource;
}

export interface MiddlewareBinding {
  /** The module whose `configure` binds it (for `app.use`, the root module). */
  module: string;
  /** Where it is bound, in words, when not `<module>.configure`: `app.use (src/main.ts:12)`. */
  appliedIn?: string;
  items: MiddlewareItem[];
  include: RouteSelector[];
  exclude: RouteSelector[];
  /** Whether the chain runs depends on this (a run-time condition, or `process.env` read by its arguments), in words. */
  condition?: string;
  /** The `apply(...)` (or `app.use(...)`) call. */
  at: Node;
}

export interface VersioningFacts {
  type: 'URI' | 'HEADER' | 'MEDIA_TYPE' | 'CUSTOM';
  /** `defaultVersion`, `VERSION_NEUTRAL` included as written; undefined when none. */
  defaultVersions: string[] | undefined;
  /** The URI version prefix (`v` unless set; '' for `prefix: false`). */
  prefix: string;
}

export interface PrefixExclusion {
  path: string;
  method: HttpMethod;
  matches(path: string): boolean;
}

export interface RoutePlace {
  /** RouterModule path + controller path + handler path, as NestJS tests it against the prefix exclusions. */
  declaredPath: string;
  /** The global prefix applies to the route. */
  underPrefix: boolean;
}

export interface HttpFacts {
  /** `fastify` when the app is created with a FastifyAdapter; `unknown` when the adapter is not followed. */
  platform: 'express' | 'fastify' | 'unknown';
  /** `/api`, or '' without a global prefix. */
  globalPrefix: string;
  /** False when the prefix is only known at run time. */
  prefixKnown: boolean;
  /** `setGlobalPrefix(..., { exclude })` entries; undefined when no `exclude` option is given. */
  prefixExclude: PrefixExclusion[] | undefined;
  versioning: VersioningFacts | undefined;
  routePlace(route: Route): RoutePlace | undefined;
}

/** An app without middleware-relevant settings (tests, apps without a bootstrap). */
export const PLAIN_HTTP: HttpFacts = {
  platform: 'express',
  globalPrefix: '',
  prefixKnown: true,
  prefixExclude: undefined,
  versioning: undefined,
  routePlace: () => undefined,
};
