/**
 * How routes are put into words: lens titles, descriptions, coverage figures, curl lines.
 * Plain functions over the index (no `vscode` import), shared by the tree, lenses, hovers and status bar.
 */
import type { AnalyzedRoute, Verdict } from '../core/model';
import { chainText } from '../core/report/chainText';

export const VERDICTS: readonly Verdict[] = ['unprotected', 'unknown', 'public', 'protected'];

/**
 * The route's verdict. Without the semantics pass the index has no verdict: a route on which no
 * guard and no middleware runs at all is plainly unprotected; anything else is `unknown` (we never
 * claim `protected` without the semantics pass's evidence).
 */
export function verdictOf(route: AnalyzedRoute): Verdict {
  if (route.verdict) return route.verdict;
  if (route.guards.length === 0 && !route.public && !(route.middleware && route.middleware.length)) return 'unprotected';
  return 'unknown';
}

/** Codicon and theme colour per verdict. */
export const VERDICT_ICON: Record<Verdict, { icon: string; color: string }> = {
  protected: { icon: 'shield', color: 'charts.green' },
  public: { icon: 'globe', color: 'charts.blue' },
  unprotected: { icon: 'warning', color: 'charts.red' },
  unknown: { icon: 'question', color: 'charts.yellow' },
};

export function routeLabel(route: AnalyzedRoute): string {
  return `${route.httpMethod} ${route.path}`;
}

export { chainText };

function ownershipText(route: AnalyzedRoute): string | undefined {
  const o = route.ownership;
  if (!o) return undefined;
  return o.kind === 'none' ? 'no owner check' : `owner check: ${o.kind}`;
}

/** Roles as written in the source, with their values: `RoleEnum.admin (1)`, `editor`. */
export function roleNames(route: AnalyzedRoute): string[] {
  return route.roleLabels?.length === route.roles.length ? route.roleLabels : route.roles;
}

export function rolesText(route: AnalyzedRoute): string {
  return roleNames(route).join(', ');
}

/** `JwtAuthGuard → RolesGuard · roles: admin · owner check: service` (without the icon). */
export function routeSummary(route: AnalyzedRoute): string {
  const parts: string[] = [];
  const chain = chainText(route);
  parts.push(chain || 'no guards');
  if (route.roles.length) parts.push(`roles: ${rolesText(route)}`);
  if (route.public) parts.push('public');
  const own = ownershipText(route);
  if (own) parts.push(own);
  return parts.join(' · ');
}

/** The lens above a handler. */
export function lensTitle(route: AnalyzedRoute): string {
  const verdict = verdictOf(route);
  const { icon } = VERDICT_ICON[verdict];
  switch (verdict) {
    case 'unprotected': {
      const rest = [chainText(route), route.roles.length ? `roles: ${rolesText(route)}` : '', ownershipText(route) ?? '']
        .filter(Boolean);
      return `$(${icon}) No authentication guard${rest.length ? ' · ' + rest.join(' · ') : ''}`;
    }
    case 'public': {
      const by = route.publicHonouredBy && route.publicHonouredBy.length ? ` · honoured by ${route.publicHonouredBy.join(', ')}` : '';
      return `$(${icon}) Public${by}${chainText(route) ? ' · ' + chainText(route) : ''}`;
    }
    case 'unknown':
      return `$(${icon}) ${routeSummary(route)} · verdict unknown`;
    default:
      return `$(${icon}) ${routeSummary(route)}`;
  }
}

export interface Coverage {
  total: number;
  protected: number;
  public: number;
  unprotected: number;
  unknown: number;
  /** Share of routes that are protected or deliberately public, 0..100, one decimal (as the CLI's report). */
  percent: number;
}

export function coverageOf(routes: readonly AnalyzedRoute[]): Coverage {
  const c: Coverage = { total: routes.length, protected: 0, public: 0, unprotected: 0, unknown: 0, percent: 100 };
  for (const r of routes) c[verdictOf(r)]++;
  c.percent = c.total ? Math.round(((c.protected + c.public) / c.total) * 1000) / 10 : 100;
  return c;
}

/** `87% · 3 unprotected` (plus unknowns when there are any). */
export function coverageText(c: Coverage): string {
  const parts = [`${c.percent}%`, `${c.unprotected} unprotected`];
  if (c.unknown) parts.push(`${c.unknown} unknown`);
  return parts.join(' · ');
}

/** `5 routes · 4 protected · 1 public` (zero counts left out). */
export function controllerSummary(routes: readonly AnalyzedRoute[]): string {
  const c = coverageOf(routes);
  const parts = [`${c.total} route${c.total === 1 ? '' : 's'}`];
  for (const v of ['protected', 'public', 'unprotected', 'unknown'] as const) if (c[v]) parts.push(`${c[v]} ${v}`);
  return parts.join(' · ');
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A curl command line for the route. */
export function curlFor(route: AnalyzedRoute, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const method = route.httpMethod === 'ALL' ? 'GET' : route.httpMethod;
  const args = ['curl', '-X', method];
  const host = Array.isArray(route.host) ? route.host[0] : route.host;
  if (host) args.push('-H', shellQuote(`Host: ${host}`));
  // Double quotes so the shell expands $TOKEN.
  const verdict = verdictOf(route);
  if (verdict === 'protected' || (verdict === 'unknown' && route.guards.length)) args.push('-H', '"Authorization: Bearer $TOKEN"');
  if (WITH_BODY.has(method)) args.push('-H', shellQuote('Content-Type: application/json'), '-d', shellQuote('{}'));
  args.push(shellQuote(base + route.path));
  return args.join(' ');
}
