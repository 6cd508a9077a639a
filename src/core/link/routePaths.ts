/**
 * Full paths exactly as NestJS composes them (a port of RoutePathFactory): version segment for URI
 * versioning, RouterModule path, controller path, handler path, then the global prefix unless the
 * route (without its version segment) matches an `exclude` entry.
 */
import type { HttpMethod } from '../model';
import type { ExcludeRoute, Versioning } from './bootstrap';
import { safeRegex } from './safeRegex';

export const NEUTRAL = 'VERSION_NEUTRAL';

export interface PathInputs {
  /** `addLeadingSlash(prefix)`, or '' when no global prefix is set. */
  globalPrefix: string;
  exclude: ExcludeRoute[];
  modulePath: string | undefined;
  ctrlPath: string;
  methodPath: string;
  method: HttpMethod;
  /** Handler version, else controller version, else the default version; undefined when none. */
  versions: string[] | undefined;
  versioning: Versioning | undefined;
  /** NestJS 11+ adapters register legacy wildcards converted (`/files/*` is served as `/files/{*path}`). */
  convertLegacyWildcards?: boolean;
}

export interface ComposedPath {
  path: string;
  version: string | null;
  /** RouterModule + controller + handler path, as NestJS tests it against the prefix exclusions. */
  declaredPath: string;
  /** The global prefix applies (there is one, and the route is not excluded from it). */
  underPrefix: boolean;
}

export function composePaths(input: PathInputs): ComposedPath[] {
  const { versions, versioning } = input;
  const isVersioned = Boolean(versions && versions.length > 0 && versioning);
  let versioned: Array<{ path: string; version?: string }> = [{ path: '' }];
  if (isVersioned && versioning!.type === 'URI') {
    const prefix = versionPrefix(versioning!);
    versioned = versions!.map((v) => ({ path: v === NEUTRAL ? '' : `/${prefix}${v}`, version: v }));
  }
  const out: ComposedPath[] = [];
  for (const { path, version } of versioned) {
    let p = append(path, input.modulePath);
    p = append(p, input.ctrlPath);
    p = append(p, input.methodPath);
    const declared = append(append(append('', input.modulePath), input.ctrlPath), input.methodPath);
    const underPrefix = !!input.globalPrefix && !isExcluded(p, input, version);
    if (underPrefix) p = stripEndSlash(input.globalPrefix) + p;
    p = addLeadingSlash(p || '/');
    if (p !== '/') p = stripEndSlash(p);
    // `<expr>` marks a path only known at run time (see controllers.ts): leave it as written.
    if (input.convertLegacyWildcards && !p.includes('<')) p = convertLegacy(p);
    const label = !isVersioned ? null : versioning!.type === 'URI' ? (version ?? null) : versions!.join(',');
    const declaredPath = addLeadingSlash(declared.length > 1 ? stripEndSlash(declared) : '/') || '/';
    out.push({ path: p, version: label, declaredPath: input.convertLegacyWildcards && !declaredPath.includes('<') ? convertLegacy(declaredPath) : declaredPath, underPrefix });
  }
  return out;
}

function versionPrefix(v: Versioning): string {
  if (v.prefix === false) return '';
  return v.prefix ?? 'v';
}

function isExcluded(path: string, input: PathInputs, version: string | undefined): boolean {
  let p = path;
  if (version && version !== NEUTRAL && input.versioning?.type === 'URI') {
    const prefix = `/${versionPrefix(input.versioning)}${version}`;
    if (p.startsWith(prefix)) p = p.replace(prefix, '');
  }
  return input.exclude.some((r) => (r.method === 'ALL' || r.method === input.method) && r.matches(addLeadingSlash(p)));
}

function append(base: string, fragment: string | undefined): string {
  if (!fragment) return base;
  return stripEndSlash(base) + addLeadingSlash(fragment);
}

export function addLeadingSlash(path: string | undefined): string {
  if (!path) return '';
  return path.charAt(0) !== '/' && path.substring(0, 2) !== '{/' ? '/' + path : path;
}

export function stripEndSlash(path: string): string {
  return path[path.length - 1] === '/' ? path.slice(0, -1) : path;
}

/**
 * A matcher for a global-prefix exclude path, as path-to-regexp (v8, with Nest's legacy `(.*)` and `*`
 * conversion) compiles it: case-insensitive, optional trailing slash, `:param` one segment,
 * `*name` one or more characters, `{...}` optional.
 */
export function excludeMatcher(rawPath: string): (path: string) => boolean {
  const converted = convertLegacy(rawPath);
  const source = compile(addLeadingSlash(converted) || '/');
  // The pattern is built from the workspace's path text: RE2 keeps `/:a:b:c...` linear.
  const re = safeRegex(`^${source}(?:/)?$`, 'i');
  return (path: string) => re?.test(path) ?? false;
}

/**
 * The same for NestJS 10 and older, which compile it with path-to-regexp 3: a bare `*` is a literal
 * character there (`'*'` excludes only the route whose path is `*`); groups, `?`, `+`, `{}` and
 * parameter modifiers mean other things and are not modelled (undefined: the caller says so).
 */
export function legacyExcludeMatcher(rawPath: string): ((path: string) => boolean) | undefined {
  if (/[(){}?+]|:[A-Za-z_$][\w$]*\*/.test(rawPath)) return undefined;
  const source = compile(addLeadingSlash(rawPath.replace(/\*/g, '\\*')) || '/');
  const re = safeRegex(`^${source}(?:/)?$`, 'i');
  return re ? (path: string) => re.test(path) : undefined;
}

/** Nest 11's LegacyRouteConverter: `*` and `(.*)` wildcards become path-to-regexp v8 named wildcards. */
export function convertLegacy(route: string): string {
  const withSlash = route.startsWith('/') ? route : `/${route}`;
  const normalized = route.endsWith('/') ? withSlash : `${withSlash}/`;
  if (normalized.endsWith('/(.*)/')) return route.replace('(.*)', '{*path}');
  if (normalized.endsWith('/*/')) return route.replace('*', '{*path}');
  if (normalized.endsWith('/+/')) return route.replace('/+', '/*path');
  if (normalized.includes('/*/')) return route.replace(/\/\*(?=\/)/g, (_m, offset: number) => `/*path${offset}`);
  return route;
}

function compile(path: string): string {
  let out = '';
  let i = 0;
  while (i < path.length) {
    const ch = path[i];
    if (ch === ':' || ch === '*') {
      const m = /^[A-Za-z_$][\w$]*|^"[^"]*"/.exec(path.slice(i + 1));
      const name = m ? m[0] : '';
      out += ch === ':' ? '([^/]+)' : '([\\s\\S]+)';
      i += 1 + name.length;
    } else if (ch === '{') {
      const close = matchingBrace(path, i);
      out += `(?:${compile(path.slice(i + 1, close))})?`;
      i = close + 1;
    } else if (ch === '\\') {
      out += escapeRe(path[i + 1] ?? '');
      i += 2;
    } else {
      out += escapeRe(ch);
      i += 1;
    }
  }
  return out;
}

function matchingBrace(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    if (path[i] === '{') depth++;
    else if (path[i] === '}' && --depth === 0) return i;
  }
  return path.length;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
