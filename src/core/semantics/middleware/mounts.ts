/**
 * Where NestJS mounts a middleware binding, and which requests its `exclude` entries skip: a port of
 * `RoutesMapper`, `RouteInfoPathExtractor` and `MiddlewareModule.registerHandler` (NestJS 11) and of
 * each adapter's `createMiddlewareFactory`:
 *
 * - a string (`forRoutes('billing')`) is mounted for every method: Express with `app.use`, which also
 *   runs it for every sub-path; Fastify matches the path exactly (`/billing` only);
 * - a `{ path, method }` object is mounted exactly, for that method (GET also runs it for HEAD);
 *   `RequestMethod.ALL` is `app.all('/billing')`, not `use`: no sub-paths on either adapter;
 * - a wildcard (`*`, `(.*)`, `{*path}`) is mounted under the prefix (and the prefix itself) and on the
 *   routes taken out of the prefix;
 * - a controller is mounted on each of its routes, with the route's method;
 * - the global prefix is prepended unless the path is excluded from it; URI versions are prepended
 *   for the default version (a string names no version, so it gets the default ones, and none
 *   without `defaultVersion`);
 * - `exclude` entries match exactly, with the route's own version only (a string exclusion gets no
 *   version segment).
 */
import type { HttpMethod, Route } from '../../model';
import { convertLegacy } from '../../link/routePaths';
import type { HttpFacts, RouteSelector } from './types';
import { matchesPath, parsePattern, type MatchOptions, type PathPattern } from './pathPattern';

export interface Mount {
  /** The path handed to the adapter: prefix and version included, legacy wildcards converted. */
  path: string;
  /** Its text before the first parameter or wildcard, lower-cased: a cheap first test. */
  staticPrefix: string;
  pattern: PathPattern;
  /** Requests of this method (`ANY`: every method). */
  method: HttpMethod | 'ANY';
  /** Express `use`: the path and every path below it. */
  prefix: boolean;
  /** The `forRoutes`/`exclude` argument it comes from, as written, and its form (set by the caller). */
  selector?: string;
  form?: 'string' | 'object' | 'controller';
}

/** The routes the pass knows, for controller selectors and routes outside the prefix. */
export interface RouteLookup {
  routes: readonly Route[];
  /** The route belongs to the controller the selector names. */
  ofController(route: Route, sel: Extract<RouteSelector, { kind: 'controller' }>): boolean;
}

const NEUTRAL = 'VERSION_NEUTRAL';
const SIMPLE_WILDCARDS = ['*', '/*', '/*/', '(.*)', '/(.*)'];

/** Where a `forRoutes` selector mounts the middleware; undefined when it cannot be told. */
export function mountsOf(sel: RouteSelector, http: HttpFacts, lookup: RouteLookup): Mount[] | undefined {
  if (sel.kind === 'unknown') return undefined;
  if (sel.kind === 'controller') return routeMounts(lookup.routes.filter((r) => lookup.ofController(r, sel)));
  // Express's own `app.use(path)`: the path and every path below it, as written. Fastify's middie is not modelled.
  if (sel.raw) {
    const m = http.platform === 'express' ? toMount(addLeadingSlash(sel.path), 'USE') : undefined;
    return m ? [m] : undefined;
  }
  if (!http.prefixKnown) return undefined;
  const path = addLeadingSlash(sel.path);
  const versions = sel.versions ?? unversionedVersions(http);
  const paths = isWildcard(path) ? wildcardPaths(path, sel.method, versions, http, lookup) : plainPaths(path, sel.method, versions, http);
  const out = paths.map((p) => toMount(p, sel.method));
  if (!isWildcard(path)) out.push(...routeMounts(routesOutsidePrefixCoveredBy(path, sel.method, versions, http, lookup)));
  return out.every((m): m is Mount => m !== undefined) ? out : undefined;
}

/** What an `exclude` entry skips (each a path and method matched exactly); undefined when it cannot be told. */
export function exclusionsOf(sel: RouteSelector, http: HttpFacts, lookup: RouteLookup): Mount[] | undefined {
  if (sel.kind === 'unknown') return undefined;
  if (sel.kind === 'controller') return routeMounts(lookup.routes.filter((r) => lookup.ofController(r, sel)));
  if (!http.prefixKnown) return undefined;
  const path = addLeadingSlash(sel.path);
  const paths = isWildcard(path) && !sel.versions ? [path] : plainPaths(path, sel.method, sel.versions, http);
  const out = paths.map((p) => toMount(p, sel.method === 'USE' ? 'ALL' : sel.method, true));
  return out.every((m): m is Mount => m !== undefined) ? out : undefined;
}

/** Does the mount run for a request? Each adapter by its own rules. */
export function mountMatches(m: Mount, method: HttpMethod, path: string, platform: 'express' | 'fastify'): boolean {
  if (m.method !== 'ANY' && m.method !== method && !(m.method === 'GET' && method === 'HEAD')) return false;
  // Express's router matches `use('/')` on every path (its `fast_slash`).
  if (platform === 'express') return (m.prefix && m.path === '/') || matchesPath(m.pattern, path, { end: !m.prefix, sensitive: false, trailing: true });
  // @fastify/middie filters by the mount path as a prefix, then the adapter requires an exact match of the path plus '/'.
  const exact: MatchOptions = { end: true, sensitive: false, trailing: true };
  const withSlash = path.endsWith('/') ? path : `${path}/`;
  if (m.path === '/*path') return true; // the adapter turns it into `*path`: every path
  return matchesPath(m.pattern, path, { end: false, sensitive: false, trailing: true })
    && matchesPath(m.pattern, withSlash, exact);
}

function routeMounts(routes: Route[]): Mount[] {
  const out: Mount[] = [];
  for (const r of routes) {
    const pattern = parsePattern(r.path);
    if (pattern) out.push({ path: r.path, staticPrefix: staticPrefix(r.path), pattern, method: r.httpMethod === 'ALL' ? 'ANY' : r.httpMethod, prefix: false });
  }
  return out;
}

function toMount(raw: string, method: HttpMethod | 'USE', exclusion = false): Mount | undefined {
  const exact = raw.endsWith('$');
  let path = convertLegacy(exact ? raw.slice(0, -1) : raw);
  if (path.length > 1) path = path.replace(/\/+$/, '');
  const pattern = parsePattern(path || '/');
  if (!pattern) return undefined;
  const any = method === 'USE' || method === 'ALL';
  return { path: path || '/', staticPrefix: staticPrefix(path), pattern, method: any ? 'ANY' : method, prefix: !exclusion && method === 'USE' && !exact };
}

/** The text before the first parameter, wildcard, group or escape, lower-cased. */
export function staticPrefix(path: string): string {
  const i = path.search(/[:*{\\]/);
  return (i < 0 ? path : path.slice(0, i)).toLowerCase();
}

function isWildcard(path: string): boolean {
  return SIMPLE_WILDCARDS.includes(path) || path.startsWith('/{') || path.startsWith('/*');
}

/** `extractNonWildcardPathsFrom`: the prefix unless the path is excluded from it, then each version path. */
function plainPaths(path: string, method: HttpMethod | 'USE', versions: string[] | undefined, http: HttpFacts): string[] {
  const vps = versionPaths(versions, http);
  const prefix = excludedFromPrefix(path, method, http) ? '' : prefixPath(http);
  return vps.length === 0 ? [prefix + path] : vps.map((vp) => prefix + vp + path);
}

/** `extractMountPathsFrom` for a wildcard: the prefix itself and everything under it, per version, and the routes outside it. */
function wildcardPaths(path: string, method: HttpMethod | 'USE', versions: string[] | undefined, http: HttpFacts, lookup: RouteLookup): string[] {
  const vps = versionPaths(versions, http);
  const own = vps.includes('') ? [] : vps;
  const prefix = prefixPath(http);
  const entries = own.length > 0 ? own.flatMap((vp) => [`${prefix}${vp}$`, prefix + vp + path]) : prefix ? [`${prefix}$`, prefix + path] : [path];
  if (!http.prefixExclude) return entries;
  const outside = lookup.routes.filter((r) => {
    const place = http.routePlace(r);
    return !!place && !place.underPrefix && methodCovered(method, r.httpMethod);
  });
  return [...entries, ...outside.map((r) => `${r.path}${r.path.endsWith('$') ? '/' : ''}`)];
}

/**
 * `extractControllerRoutesCoveredBy`: routes the router serves outside the prefix (while the selector
 * is mounted under it, or the other way round) whose declared path the selector matches, as a prefix
 * for a string (whatever the adapter), exactly for an object.
 */
function routesOutsidePrefixCoveredBy(path: string, method: HttpMethod | 'USE', versions: string[] | undefined, http: HttpFacts, lookup: RouteLookup): Route[] {
  if (!http.globalPrefix || !http.prefixExclude || http.prefixExclude.length === 0) return [];
  const pattern = parsePattern(convertLegacy(path));
  if (!pattern) return [];
  const selOutside = excludedFromPrefix(path, method, http);
  const mounted = versionPaths(versions, http);
  const mountedVps = mounted.length > 0 ? mounted : [''];
  return lookup.routes.filter((r) => {
    const place = http.routePlace(r);
    if (!place || !place.underPrefix === selOutside || !methodCovered(method, r.httpMethod)) return false;
    const rv = versionPaths(r.version && r.version !== NEUTRAL ? [r.version] : r.version === NEUTRAL ? [NEUTRAL] : undefined, http);
    if (!(rv.length > 0 ? rv : ['']).some((v) => mountedVps.includes(v))) return false;
    return matchesPath(pattern, place.declaredPath, { end: method !== 'USE', sensitive: false, trailing: true });
  });
}

function methodCovered(mounted: HttpMethod | 'USE', route: HttpMethod): boolean {
  return mounted === 'USE' || mounted === 'ALL' || route === 'ALL' || mounted === route || (mounted === 'GET' && route === 'HEAD');
}

function excludedFromPrefix(path: string, method: HttpMethod | 'USE', http: HttpFacts): boolean {
  return (http.prefixExclude ?? []).some((e) => (e.method === 'ALL' || e.method === method) && e.matches(path));
}

function prefixPath(http: HttpFacts): string {
  const p = addLeadingSlash(http.globalPrefix);
  return p.endsWith('/') ? p.slice(0, -1) : p;
}

/** `getVersionOfUnversionedRoutes`: with URI versioning and a default version, version-neutral plus the defaults. */
function unversionedVersions(http: HttpFacts): string[] | undefined {
  const v = http.versioning;
  if (!v || v.type !== 'URI' || !v.defaultVersions) return undefined;
  return [...new Set([NEUTRAL, ...v.defaultVersions])];
}

function versionPaths(versions: string[] | undefined, http: HttpFacts): string[] {
  if (!versions || http.versioning?.type !== 'URI') return [];
  const prefix = http.versioning.prefix;
  return versions.map((v) => (v === NEUTRAL ? '' : `/${prefix}${v}`));
}

function addLeadingSlash(path: string): string {
  if (!path) return '';
  return path.startsWith('/') || path.startsWith('{/') ? path : `/${path}`;
}
