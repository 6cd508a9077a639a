/**
 * The configuration @nestjs/config holds for an app, as `ConfigService.get` reads it: the
 * `registerAs` namespaces and plain factories of `ConfigModule.forRoot({ load })` and `forFeature`
 * (evaluated with the app's env, each only when first asked for), then the object `validate`
 * returns, then `process.env`, then the default. Built from the modules the scan reached.
 */
import type { Node } from 'ts-morph';
import type { Evaluator } from './evaluate';
import type { Trace } from './trace';
import { PROCESS_ENV } from './builtins';
import { literal, unknown, type Value } from './values';

type ConfigModuleValue = Extract<Value, { kind: 'configModule' }>;

interface Computed {
  value: Value;
  trace: Trace;
}

/** `ConfigService#get`'s lookup order. */
export class ConfigRegistry {
  private readonly namespaces = new Map<string, Value>();
  private readonly plainFactories: Value[] = [];
  private validate: Value | undefined;
  private readonly computed = new Map<Value, Computed>();
  private validated: Computed | undefined;

  constructor(
    modules: ConfigModuleValue[],
    private readonly ev: Evaluator,
  ) {
    for (const m of modules) {
      const options = m.root;
      if (options?.kind === 'object') {
        const load = options.props.get('load');
        for (const item of load?.kind === 'array' ? load.items : []) this.addFactory(item);
        const validate = options.props.get('validate');
        if (validate?.kind === 'function') this.validate ??= validate;
      }
      if (m.feature) this.addFactory(m.feature);
    }
  }

  private addFactory(item: Value): void {
    if (item.kind === 'configFactory') this.namespaces.set(item.namespace, item);
    else this.plainFactories.push(item);
  }

  /** The config object registered as `namespace` (`@Inject(appConfig.KEY)`), or undefined when none is. */
  namespace(namespace: string, depth: number): Value | undefined {
    const factory = this.namespaces.get(namespace);
    return factory ? this.result(factory, depth) : undefined;
  }

  /** What `configService.get(path)` finds in the internal config and the validated env; literal undefined when neither has it. */
  lookup(path: string, node: Node, depth: number): Value {
    const segments = path.split('.');
    for (let i = segments.length; i > 0; i--) {
      const ns = segments.slice(0, i).join('.');
      const hit = this.namespace(ns, depth);
      if (hit) return propertyPath(hit, segments.slice(i), this.ev, node, depth);
    }
    for (const factory of [...this.plainFactories].reverse()) {
      const found = propertyPath(this.result(factory, depth), segments, this.ev, node, depth);
      if (!(found.kind === 'literal' && found.value === undefined)) return found;
    }
    const validated = this.validatedEnv(depth);
    if (validated) return propertyPath(validated, segments, this.ev, node, depth);
    return literal(undefined);
  }

  private result(factory: Value, depth: number): Value {
    let done = this.computed.get(factory);
    if (!done) {
      const fn = factory.kind === 'configFactory' ? factory.factory : factory;
      const captured = this.ev.capture(() =>
        fn.kind === 'function' ? this.ev.callFunction(fn, [], depth) : unknown(`a config factory that is a ${fn.kind}`, factory.kind === 'configFactory' ? factory.node : undefined),
      );
      done = { value: captured.value, trace: captured.trace };
      this.computed.set(factory, done);
    } else {
      this.ev.replay(done.trace);
    }
    return done.value;
  }

  private validatedEnv(depth: number): Value | undefined {
    if (!this.validate || this.validate.kind !== 'function') return undefined;
    if (!this.validated) {
      const fn = this.validate;
      const captured = this.ev.capture(() => {
        const result = this.ev.callFunction(fn, [PROCESS_ENV], depth);
        if (result.kind !== 'object') {
          const why = result.kind === 'unknown' ? result.reason : result.kind === 'mixin' ? `it is what ${result.callee}() of ${result.module ?? 'a package'} returns` : `it is a ${result.kind}`;
          this.ev.note({ severity: 'info', message: `what ConfigModule's validate() returns is not followed (${why}); ConfigService reads the env itself instead`, node: fn.node });
        }
        return result;
      });
      this.validated = { value: captured.value, trace: captured.trace };
    } else {
      this.ev.replay(this.validated.trace);
    }
    const v = this.validated.value;
    // What validate() returns is the env, typed; when we cannot follow it, a key may still come from the env itself.
    return v.kind === 'object' ? v : undefined;
  }
}

/** lodash `get(value, segments)` over evaluated values. */
export function propertyPath(value: Value, segments: string[], ev: Evaluator, node: Node, depth: number): Value {
  let cur = value;
  for (const s of segments) {
    if (cur.kind === 'unknown') return cur;
    if (cur.kind === 'literal' && (cur.value === undefined || cur.value === null)) return literal(undefined);
    cur = ev.member(cur, s, node, depth);
  }
  return cur;
}
