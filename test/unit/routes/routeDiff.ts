/**
 * Compares route lists (ours against what NestJS registered) and explains the differences readably.
 * Routes are matched by method, path, version, host, controller and handler (order-insensitive);
 * inside a matched route the guard chain is compared in order.
 */
import { routeKey, type RouteKeyed } from '../../oracle/sortRoutes';
import type { OracleGuard, OracleRoute } from '../../oracle/types';
import type { AnalyzedRoute, GuardRef } from '../../../src/core/model';

export interface ComparableGuard {
  name: string;
  level: string;
}

export interface ComparableRoute extends RouteKeyed {
  guards: ComparableGuard[];
  /** Compared like the guards (in order); absent counts as none. */
  interceptors?: ComparableGuard[];
}

export interface RouteDiff {
  missing: ComparableRoute[];
  extra: ComparableRoute[];
  chains: Array<{ route: string; expected: ComparableGuard[]; actual: ComparableGuard[] }>;
}

/** Mixin rule: see analyzer-vs-runtime.test.ts. */
export function runtimeGuard(g: OracleGuard): ComparableGuard {
  return { name: g.mixinFactory ? `mixin:${g.mixinFactory}` : g.name, level: g.level };
}

export function analyzedGuard(g: Pick<GuardRef, 'form' | 'className' | 'name' | 'level'>): ComparableGuard {
  return { name: g.form === 'mixin' ? `mixin:${g.className}` : g.name, level: g.level };
}

export function fromRuntime(r: OracleRoute): ComparableRoute {
  const { httpMethod, path, version, host, controller, handler } = r;
  return { httpMethod, path, version, host, controller, handler, guards: r.guards.map(runtimeGuard), interceptors: (r.interceptors ?? []).map(runtimeGuard) };
}

export function fromAnalyzer(r: AnalyzedRoute): ComparableRoute {
  const { httpMethod, path, version, host, controller, handler } = r;
  return { httpMethod, path, version, host, controller, handler, guards: r.guards.map(analyzedGuard), interceptors: r.interceptors.map(analyzedGuard) };
}

function byKey<T extends RouteKeyed>(routes: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of routes) map.set(routeKey(r), [...(map.get(routeKey(r)) ?? []), r]);
  return map;
}

function sameChain(a: ComparableGuard[], b: ComparableGuard[]): boolean {
  return a.length === b.length && a.every((g, i) => g.name === b[i].name && g.level === b[i].level);
}

export function diffRoutes(expected: ComparableRoute[], actual: ComparableRoute[]): RouteDiff {
  const diff: RouteDiff = { missing: [], extra: [], chains: [] };
  const want = byKey(expected);
  const got = byKey(actual);
  for (const [key, list] of want) {
    const mine = got.get(key) ?? [];
    list.forEach((r, i) => {
      const other = mine[i];
      if (!other) diff.missing.push(r);
      else if (!sameChain(r.guards, other.guards) || !sameChain(r.interceptors ?? [], other.interceptors ?? [])) {
        diff.chains.push({ route: key, expected: withInterceptors(r), actual: withInterceptors(other) });
      }
    });
    diff.extra.push(...mine.slice(list.length));
  }
  for (const [key, list] of got) if (!want.has(key)) diff.extra.push(...list);
  return diff;
}

/** The guard chain, then the interceptors (level shown as `interceptor <level>`). */
function withInterceptors(r: ComparableRoute): ComparableGuard[] {
  return [...r.guards, ...(r.interceptors ?? []).map((i) => ({ name: i.name, level: `interceptor ${i.level}` }))];
}

export function isEmptyDiff(diff: RouteDiff): boolean {
  return diff.missing.length === 0 && diff.extra.length === 0 && diff.chains.length === 0;
}

function chainText(guards: ComparableGuard[]): string {
  return guards.length === 0 ? '(none)' : guards.map((g) => `${g.level}:${g.name}`).join(' → ');
}

export function formatDiff(title: string, diff: RouteDiff): string {
  const lines = [`${title}: ${diff.missing.length} missing, ${diff.extra.length} extra, ${diff.chains.length} with another guard chain`];
  for (const r of diff.missing) lines.push(`  missing  ${routeKey(r)}  [${chainText(r.guards)}]`);
  for (const r of diff.extra) lines.push(`  extra    ${routeKey(r)}  [${chainText(r.guards)}]`);
  for (const c of diff.chains) {
    lines.push(`  chain    ${c.route}`, `           expected ${chainText(c.expected)}`, `           actual   ${chainText(c.actual)}`);
  }
  return lines.join('\n');
}
