/**
 * Global interceptors in execution order, as NestJS builds them: `{ provide: APP_INTERCEPTOR, ... }`
 * of the reachable modules in scan order (registered while the app is created), then
 * `app.useGlobalInterceptors(...)`, then request-scoped APP_INTERCEPTORs (resolved per request, last).
 */
import type { ClassDeclaration, Node } from 'ts-morph';
import type { InterceptorRef, SourceLocation, Unresolved } from '../model';
import type { Evaluator } from './evaluate';
import { appGuardProviders } from './globalGuards';
import type { ScannedModule } from './modules';
import { makeInterceptorRef } from './routeBuilder';
import type { GuardSpec } from './values';

export function globalInterceptors(
  modules: ScannedModule[], fromBootstrap: GuardSpec[], ev: Evaluator, locate: (n: Node) => SourceLocation,
  decls: Map<InterceptorRef, ClassDeclaration>, unresolved: Unresolved[],
): InterceptorRef[] {
  const out: InterceptorRef[] = [];
  const providers = appGuardProviders(modules, ev, 'APP_INTERCEPTOR');
  const add = (p: (typeof providers)[number]): void => {
    if (p.spec.unresolved) unresolved.push({ reason: `global interceptor not resolved: ${p.spec.unresolved}`, at: locate(p.node) });
    const source = `APP_INTERCEPTOR (${p.module}${p.requestScoped ? ', request-scoped' : ''})`;
    out.push(makeInterceptorRef(p.spec, 'global', 'APP_INTERCEPTOR', source, [], locate(p.node), { locate }, decls));
  };
  providers.filter((p) => !p.requestScoped).forEach(add);
  for (const spec of fromBootstrap) {
    if (spec.unresolved) {
      unresolved.push({ reason: `global interceptor not resolved: ${spec.unresolved}`, at: locate(spec.node) });
      continue;
    }
    out.push(makeInterceptorRef(spec, 'global', 'useGlobalInterceptors', 'useGlobalInterceptors', [], locate(spec.node), { locate }, decls));
  }
  providers.filter((p) => p.requestScoped).forEach(add);
  return out.filter((i) => i.name !== '');
}
