/**
 * Does a middleware binding run for every request a route serves? The route's path is sampled into
 * concrete request paths (see `witnesses`), each sent, for each of the route's methods, through the
 * binding's mounts and exclusions as the adapter would: `full` when the middleware runs for all of
 * them, `partial` when for some (the first request it misses is named), `none`, or `unknown` when an
 * argument, the prefix or the route's path cannot be followed.
 */
import type { HttpMethod, Route } from '../../model';
import type { HttpFacts, MiddlewareBinding, RouteSelector } from './types';
import { exclusionsOf, mountMatches, mountsOf, type Mount, type RouteLookup } from './mounts';
import { literalSegments, matchesPath, parsePattern, witnesses, type PathPattern } from './pathPattern';

export type Coverage =
  | { kind: 'full' }
  /** `missed`: a request the route serves that the middleware does not run for, and why. */
  | { kind: 'partial'; missed: string; why: string }
  /** `why`, when worth saying: excluded, or mounted on a neighbour of the route (its parent path, another method). */
  | { kind: 'none'; why?: string }
  | { kind: 'unknown'; reason: string };

/** Mounts and exclusions of one binding, computed once per app. */
export interface BindingMounts {
  binding: MiddlewareBinding;
  mounts: Mount[];
  exclusions: Mount[];
  unknownInclude: RouteSelector[];
  unknownExclude: RouteSelector[];
}

export function bindingMounts(binding: MiddlewareBinding, http: HttpFacts, lookup: RouteLookup): BindingMounts {
  const out: BindingMounts = { binding, mounts: [], exclusions: [], unknownInclude: [], unknownExclude: [] };
  for (const sel of binding.include) {
    const m = mountsOf(sel, http, lookup);
    if (m) out.mounts.push(...m.map((x) => ({ ...x, selector: sel.text, form: formOf(sel) })));
    else out.unknownInclude.push(sel);
  }
  for (const sel of binding.exclude) {
    const m = exclusionsOf(sel, http, lookup);
    if (m) out.exclusions.push(...m.map((x) => ({ ...x, selector: sel.text, form: formOf(sel) })));
    else out.unknownExclude.push(sel);
  }
  return out;
}

function formOf(sel: RouteSelector): Mount['form'] {
  return sel.kind === 'controller' ? 'controller' : sel.kind === 'path' && sel.method === 'USE' ? 'string' : 'object';
}

const ALL_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_HINTS = 40;

export function coverageOf(route: Route, b: BindingMounts, http: HttpFacts, lookup: RouteLookup): Coverage {
  const own = b.binding.include.some((s) => s.kind === 'controller' && lookup.ofController(route, s));
  const pattern = parsePattern(route.path);
  if (!pattern && !own) return { kind: 'unknown', reason: `the path ${route.path} is only known at run time` };
  const methods = route.httpMethod === 'ALL' ? ALL_METHODS : [route.httpMethod];
  const platforms: Array<'express' | 'fastify'> = http.platform === 'unknown' ? ['express', 'fastify'] : [http.platform];
  const samples = pattern ? witnesses(pattern, hintsFor(route, b)) : [route.path];
  let covered = 0;
  let firstMiss: { request: string; excludedBy?: Mount } | undefined;
  // An excluded request another route serves is not this route's, unless no request is: then the route is
  // shadowed, and a request for its path is served (by the other route) without the middleware.
  let shadowed: { request: string; excludedBy?: Mount } | undefined;
  for (const platform of platforms) {
    for (const method of methods) {
      for (const path of samples) {
        const included = own || b.mounts.some((m) => mayMatch(m, path) && mountMatches(m, method, path, platform));
        const excludedBy = included ? b.exclusions.find((x) => mayMatch(x, path) && mountMatches(x, method, path, 'express')) : undefined;
        if (included && !excludedBy) covered++;
        else if (included && servedByAnotherRoute(route, method, path, platform, lookup)) shadowed ??= { request: `${method} ${path}`, excludedBy };
        else firstMiss ??= { request: `${method} ${path}`, excludedBy };
      }
    }
  }
  if (!firstMiss && covered === 0) firstMiss = shadowed;
  if (!firstMiss) {
    if (b.unknownExclude.length > 0) return { kind: 'unknown', reason: `exclude(${b.unknownExclude.map((s) => s.text).join(', ')}) could not be followed` };
    return { kind: 'full' };
  }
  const why = firstMiss.excludedBy ? `exclude(${firstMiss.excludedBy.selector ?? firstMiss.excludedBy.path}) skips it` : nearMiss(route, b, http);
  if (covered === 0) {
    if (b.unknownInclude.length > 0) return { kind: 'unknown', reason: `forRoutes(${b.unknownInclude.map((s) => s.text).join(', ')}) could not be followed` };
    return why ? { kind: 'none', why } : { kind: 'none' };
  }
  return { kind: 'partial', missed: firstMiss.request, why: why ?? 'forRoutes does not match it' };
}

/** A mount on the route's parent path, exactly, or on its path for another method: worth telling, since it looks like it applies. */
function nearMiss(route: Route, b: BindingMounts, http: HttpFacts): string | undefined {
  const path = route.path.toLowerCase();
  const parent = b.mounts.find((m) => (!m.prefix || http.platform === 'fastify') && path.startsWith(`${m.path.toLowerCase().replace(/\/$/, '')}/`) && !/[:*{]/.test(m.path));
  if (parent) {
    if (parent.form === 'controller') return `forRoutes(${parent.selector}) mounts it on the routes of ${parent.selector} only, not on other paths below them`;
    const how = parent.form === 'string' ? 'a string matches exactly on Fastify' : 'a { path, method } entry is an exact path';
    return `forRoutes(${parent.selector ?? parent.path}) mounts it on ${parent.path} only (${how}), not on the paths below it`;
  }
  const v = http.versioning;
  if (v?.type === 'URI' && route.version && route.version !== 'VERSION_NEUTRAL') {
    const segment = (x: string): string => `/${v.prefix}${x}`.toLowerCase();
    const bare = path.replace(segment(route.version), '');
    const defaults = (v.defaultVersions ?? []).map(segment);
    const other = b.mounts.find((m) => m.form !== 'controller'
      && [m.path.toLowerCase(), ...defaults.map((d) => m.path.toLowerCase().replace(d, ''))].includes(bare));
    if (other) return `forRoutes(${other.selector}) names no version ${route.version}: it is mounted version-neutral and for the default version only`;
  }
  const below = b.mounts.find((m) => m.staticPrefix === `${path}/` && m.path.length > m.staticPrefix.length);
  if (below) return `forRoutes(${below.selector ?? below.path}) mounts it on the paths below ${route.path}, not on ${route.path} itself`;
  const otherMethod = b.mounts.find((m) => m.method !== 'ANY' && m.method !== route.httpMethod && m.path.toLowerCase() === path);
  return otherMethod ? `forRoutes(${otherMethod.selector ?? otherMethod.path}) mounts it for ${otherMethod.method} only` : undefined;
}

function mayMatch(m: Mount, path: string): boolean {
  return m.staticPrefix === '' || m.staticPrefix === '/' || path.toLowerCase().startsWith(m.staticPrefix) || m.staticPrefix.startsWith(path.toLowerCase());
}

/** Literal segments of the mounts and exclusions that could meet the route: values worth trying for its parameters. */
function hintsFor(route: Route, b: BindingMounts): string[] {
  const routeStatic = route.path.toLowerCase().split(/[:*{]/)[0];
  const out = new Set<string>();
  for (const m of [...b.exclusions, ...b.mounts]) {
    if (!(m.staticPrefix.startsWith(routeStatic) || routeStatic.startsWith(m.staticPrefix))) continue;
    for (const s of literalSegments(m.pattern)) out.add(s);
    if (out.size >= MAX_HINTS) break;
  }
  return [...out];
}

/**
 * An excluded request the route would never serve: Express serves it with an earlier route of the same
 * controller that matches it (routes are tried in registration order); Fastify with a route whose path
 * is exactly that (static routes win over parametric ones).
 */
function servedByAnotherRoute(route: Route, method: HttpMethod, path: string, platform: 'express' | 'fastify', lookup: RouteLookup): boolean {
  const sameMethod = (r: Route): boolean => r.httpMethod === method || r.httpMethod === 'ALL';
  if (platform === 'fastify') {
    return lookup.routes.some((r) => r !== route && sameMethod(r) && r.path.toLowerCase() === path.toLowerCase() && !/[:*{]/.test(r.path));
  }
  const index = lookup.routes.indexOf(route);
  return lookup.routes.some((r, i) => i < index && r.controller === route.controller && r.file === route.file && sameMethod(r) && matchesRoute(r, path));
}

function matchesRoute(r: Route, path: string): boolean {
  const p: PathPattern | undefined = parsePattern(r.path);
  return !!p && matchesPath(p, path, { end: true, sensitive: false, trailing: true });
}
