/**
 * Calls the evaluator answers beyond plain functions and `@nestjs/common`: @nestjs/config, node's
 * `path`, class-transformer's `plainToInstance` over a config class with defaults, class-validator
 * (validation taken to pass: an app whose config fails validation does not start), `import().then`,
 * and what a Nest container hands out for `app.get(token)`.
 */
import { Node, type CallExpression } from 'ts-morph';
import { callPathModule } from './builtins';
import type { Evaluator } from './evaluate';
import { injectable } from './instances';
import { callConfigApi, configServiceCall, isConfigPackage } from './nestConfig';
import { literal, truthy, unknown, type Value } from './values';

type External = Extract<Value, { kind: 'external' }>;

/** A call of an export of one of these packages, or undefined to let nestApi answer. */
export function callPackage(callee: External, args: Value[], call: CallExpression, ev: Evaluator, depth: number): Value | undefined {
  const name = callee.name.replace(/^default\./, '');
  if (isConfigPackage(callee.module)) return callConfigApi(name, args, call, ev, depth);
  if (callee.module === 'path' || callee.module === 'node:path') return callPathModule(name.replace(/^(posix|win32)\./, ''), args, call, ev.run.cwd);
  if (callee.module === 'class-transformer' && (name === 'plainToInstance' || name === 'plainToClass')) return plainToInstance(args, call, ev, depth);
  if (callee.module === 'class-validator' && (name === 'validateSync' || name === 'validate')) return { kind: 'array', items: [] };
  return undefined;
}

/** `app.get(token)` / `app.resolve(token)` with a config token, ConfigService, or a project class. */
export function containerGet(token: Value | undefined, argCount: number, ev: Evaluator, depth: number): Value | undefined {
  if (!token) return undefined;
  if (token.kind === 'class' && argCount !== 1) return undefined;
  return injectable(token, ev, depth);
}

/** Methods that mean something on these values whatever the receiver's own members are. */
export function callOnValue(target: Value, method: string, args: Value[], call: CallExpression, ev: Evaluator, depth: number): Value | undefined {
  if (target.kind === 'configService') return configServiceCall(target, method, args, call, ev, depth);
  const isModule = target.kind === 'namespace' || (target.kind === 'external' && target.name === '*');
  if (isModule && method === 'then' && args[0]) return ev.invoke(args[0], [target], call, depth);
  if (target.kind === 'unknown' && target.missingPackage && (method === 'then' || method === 'catch')) return target;
  return undefined;
}

/**
 * `plainToInstance(EnvClass, config, { enableImplicitConversion })`: each declared property takes
 * the config's value (converted to a number or boolean by its type when asked), else its default.
 */
function plainToInstance(args: Value[], call: CallExpression, ev: Evaluator, depth: number): Value {
  const cls = args[0];
  const source = args[1] ?? literal(undefined);
  if (cls?.kind !== 'class') return unknown('plainToInstance of a class the analysis does not have', call);
  const options = args[2];
  const convert = options?.kind === 'object' && truthy(options.props.get('enableImplicitConversion') ?? literal(false)) === true;
  const props = new Map<string, Value>(source.kind === 'object' ? source.props : []);
  for (const prop of cls.decl.getInstanceProperties()) {
    if (!Node.isPropertyDeclaration(prop)) continue;
    const name = prop.getName();
    const given = ev.member(source, name, prop, depth);
    if (!(given.kind === 'literal' && given.value === undefined)) {
      props.set(name, convert ? converted(given, prop.getTypeNode()?.getText()) : given);
      continue;
    }
    const init = prop.getInitializer();
    props.set(name, init ? ev.eval(init, new Map([['this', literal(undefined)]]), depth) : literal(undefined));
  }
  return { kind: 'object', props, node: call };
}

/** class-transformer's implicit conversion by the declared type. */
function converted(v: Value, type: string | undefined): Value {
  if (v.kind !== 'literal') return v;
  if (type === 'number') return literal(Number(v.value));
  if (type === 'boolean') return literal(Boolean(v.value));
  if (type === 'string') return literal(v.value === null || v.value === undefined ? v.value : String(v.value));
  return v;
}
