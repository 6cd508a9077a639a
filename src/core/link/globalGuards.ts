/**
 * Global guards in execution order: every `{ provide: APP_GUARD, ... }` of the reachable modules in
 * scan order, then `app.useGlobalGuards(...)`. Also finds APP_GUARDs declared in modules that the
 * root module never reaches (they never run).
 */
import type { ClassDeclaration, Node } from 'ts-morph';
import type { Evaluator } from './evaluate';
import type { ScannedModule } from './modules';
import { isModuleClass, moduleMetadata } from './modules';
import { toGuardSpec } from './nestApi';
import { injectable } from './instances';
import { unknown, type GuardSpec, type Value } from './values';

export interface AppGuardProvider {
  module: string;
  spec: GuardSpec;
  node: Node;
  /** Request- or transient-scoped: NestJS runs these after every static global guard, `useGlobalGuards` included. */
  requestScoped: boolean;
}

/** The global-enhancer token a provider registers under: guards, or interceptors (same shapes, same order rules). */
export type EnhancerToken = 'APP_GUARD' | 'APP_INTERCEPTOR';

export function appGuardProviders(modules: ScannedModule[], ev: Evaluator, token: EnhancerToken = 'APP_GUARD'): AppGuardProvider[] {
  const out: AppGuardProvider[] = [];
  for (const m of modules) {
    for (const p of m.providers) {
      // One registered only under an undecided condition is reported by the scan, never counted as running.
      if (p.condition) continue;
      const spec = appGuardSpec(p.value, ev, token);
      if (spec) out.push({ module: m.name, spec, node: p.value.kind === 'object' ? p.value.node : p.node, requestScoped: isRequestScoped(p.value, spec, ev) });
    }
  }
  return out;
}

function isAppGuardToken(v: Value | undefined, token: EnhancerToken): boolean {
  if (!v) return false;
  if (v.kind === 'external') return v.name === token;
  return v.kind === 'literal' && v.value === token;
}

/** The guard an APP_GUARD provider registers, or undefined when the provider is not an APP_GUARD. */
export function appGuardSpec(provider: Value, ev: Evaluator, token: EnhancerToken = 'APP_GUARD'): GuardSpec | undefined {
  if (provider.kind !== 'object' || !isAppGuardToken(provider.props.get('provide'), token)) return undefined;
  const node = provider.node;
  const props = provider.props;
  const useClass = props.get('useClass');
  if (useClass) return { ...toGuardSpec(useClass, node), form: 'class' };
  const useExisting = props.get('useExisting');
  if (useExisting) return { ...toGuardSpec(useExisting, node), form: 'existing' };
  const useValue = props.get('useValue');
  if (useValue) return { ...toGuardSpec(useValue, node), form: 'value' };
  const useFactory = props.get('useFactory');
  if (useFactory?.kind === 'function') {
    // Arguments as Nest injects them: ConfigService, `appConfig.KEY`, a project class; anything else stays unknown.
    const inject = props.get('inject');
    const args = (inject?.kind === 'array' ? inject.items : []).map((token) => injectable(token, ev, 0) ?? unknown('an injected provider the analysis does not follow', node));
    const made = ev.callFunction(useFactory, args, 0);
    const spec = toGuardSpec(made, node);
    if (!spec.unresolved) return { ...spec, form: 'factory' };
    return { name: `${token} (useFactory)`, className: '', form: 'factory', node, unresolved: `${token} factory result: ${spec.unresolved}` };
  }
  return { name: token, className: '', form: 'value', node, unresolved: `${token} provider without useClass, useExisting, useValue or useFactory` };
}

/** APP_GUARD providers of module classes in `candidates` that the scan did not reach. */
export function unreachableAppGuards(candidates: ClassDeclaration[], reached: Set<ClassDeclaration>, ev: Evaluator): AppGuardProvider[] {
  const out: AppGuardProvider[] = [];
  for (const decl of candidates) {
    if (reached.has(decl) || !isModuleClass(decl, ev)) continue;
    const providers = moduleMetadata(decl, ev).get('providers');
    if (providers?.kind !== 'array') continue;
    for (const p of providers.items) {
      const spec = appGuardSpec(p, ev);
      if (spec) out.push({ module: decl.getName() ?? 'AnonymousModule', spec, node: p.kind === 'object' ? p.node : decl, requestScoped: false });
    }
  }
  return out;
}

/** `scope: Scope.REQUEST|TRANSIENT` on the provider or on the class's `@Injectable`, or the request injected. */
function isRequestScoped(provider: Value, spec: GuardSpec, ev: Evaluator): boolean {
  if (provider.kind === 'object' && isNonDefaultScope(provider.props.get('scope'))) return true;
  const decl = spec.decl;
  if (!decl || spec.form === 'value') return false;
  for (const d of decl.getDecorators()) {
    if (d.getName() !== 'Injectable') continue;
    const options = ev.eval(d.getArguments()[0]);
    if (options.kind === 'object' && isNonDefaultScope(options.props.get('scope'))) return true;
  }
  const ctor = decl.getConstructors()[0];
  return Boolean(
    ctor?.getParameters().some((p) =>
      p.getDecorators().some((d) => {
        if (d.getName() !== 'Inject') return false;
        const token = ev.eval(d.getArguments()[0]);
        return token.kind === 'external' && (token.name === 'REQUEST' || token.name === 'CONTEXT');
      }),
    ),
  );
}

function isNonDefaultScope(v: Value | undefined): boolean {
  if (!v) return false;
  if (v.kind === 'external') return v.name === 'Scope.REQUEST' || v.name === 'Scope.TRANSIENT';
  return v.kind === 'literal' && (v.value === 1 || v.value === 2);
}
