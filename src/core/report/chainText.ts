/**
 * A route's chain as one line, the same on every surface: the guards in execution order, then the
 * interceptors that check something, which run after every guard
 * (`JwtAuthGuard → RolesGuard ⇢ interceptor ClientCertInterceptor`).
 */
import type { AnalyzedRoute } from '../model';

export function chainText(route: AnalyzedRoute): string {
  const guards = route.guards.map((g) => g.name).join(' → ');
  const interceptors = (route.protection ?? []).filter((s) => s.origin === 'interceptor').map((s) => `interceptor ${s.name}`);
  if (interceptors.length === 0) return guards;
  return [guards, interceptors.join(' → ')].filter(Boolean).join(' ⇢ ');
}
