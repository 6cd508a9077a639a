/**
 * Members of an instance of a project class: `new X(args)`, or what a Nest container hands out
 * (`app.get(X)`, a constructor parameter injected by type or `@Inject(token)`). Getters and methods
 * run with `this` bound; constructor parameter properties take their argument or their injected
 * value; property initializers are evaluated with `this`. A config helper class built on
 * ConfigService (`get apiPrefix() { return this.config.get('API_PREFIX') }`) is followed this way,
 * and so is a builder whose methods push onto a field and return `this` (`new B().use(A).compile()`).
 */
import { Node, type ClassDeclaration, type ParameterDeclaration } from 'ts-morph';
import type { Evaluator } from './evaluate';
import { configInjectable } from './nestConfig';
import { EMPTY_ENV, literal, unknown, type Env, type Value } from './values';

type Instance = Extract<Value, { kind: 'instance' }>;
type ClassValue = Extract<Value, { kind: 'class' }>;

const MAX_BASES = 8;

export function instanceMember(inst: Instance, name: string, node: Node, ev: Evaluator, depth: number): Value {
  const set = inst.fields?.get(name);
  if (set) return set;
  let cls: Value = inst.of;
  for (let i = 0; i < MAX_BASES && cls.kind === 'class'; i++) {
    const found = ownMember(cls, inst, name, ev, depth);
    if (found) return found;
    const base = cls.decl.getExtends();
    if (!base) break;
    cls = ev.eval(base.getExpression(), cls.env ?? EMPTY_ENV, depth);
  }
  return unknown(`member '${name}' of an instance of ${cls.kind === 'class' ? cls.name : cls.kind}`, node);
}

function ownMember(cls: ClassValue, inst: Instance, name: string, ev: Evaluator, depth: number): Value | undefined {
  const decl: ClassDeclaration = cls.decl;
  const withThis: Env = new Map([...(cls.env ?? EMPTY_ENV), ['this', inst]]);
  const getter = decl.getGetAccessor(name);
  if (getter && !getter.isStatic()) return ev.callFunction({ kind: 'function', node: getter, name: `${cls.name}.${name}`, env: withThis }, [], depth);
  const method = decl.getInstanceMethod(name);
  if (method) return { kind: 'function', node: method, name: `${cls.name}.${name}`, env: withThis };
  const prop = decl.getInstanceProperty(name);
  if (prop && Node.isPropertyDeclaration(prop)) {
    const init = prop.getInitializer();
    return init ? ev.eval(init, withThis, depth) : literal(undefined);
  }
  const ctor = decl.getConstructors().find((c) => c.hasBody()) ?? decl.getConstructors()[0];
  const params = ctor?.getParameters() ?? [];
  const index = params.findIndex((p) => p.isParameterProperty() && p.getName() === name);
  if (index < 0) return undefined;
  if (inst.args) return inst.args[index] ?? literal(undefined);
  if (inst.injected) return injectedParameter(params[index], ev, depth);
  return unknown(`'${name}' is set by a constructor whose arguments are not known`, params[index]);
}

/** What Nest injects for a constructor parameter: `@Inject(token)`, else its type. */
function injectedParameter(param: ParameterDeclaration, ev: Evaluator, depth: number): Value {
  const inject = param.getDecorators().find((d) => d.getName() === 'Inject');
  const tokenNode = inject?.getArguments()[0];
  const typeName = param.getTypeNode();
  const tokenExpr = tokenNode ?? (typeName && Node.isTypeReference(typeName) ? typeName.getTypeName() : undefined);
  if (!tokenExpr) return unknown(`'${param.getName()}' has no type or @Inject token to inject by`, param);
  const token = ev.eval(tokenExpr, EMPTY_ENV, depth);
  return injectable(token, ev, depth) ?? unknown(`'${param.getName()}' is injected from ${token.kind === 'external' ? token.module : 'a provider'} the analysis does not follow`, param);
}

/** What `app.get(token)` or an injection gives: config values, or an instance of a project class. */
export function injectable(token: Value, ev: Evaluator, depth: number): Value | undefined {
  const config = configInjectable(token, ev, depth);
  if (config) return config;
  if (token.kind === 'class') return { kind: 'instance', of: token, node: token.decl, injected: true };
  return undefined;
}
