/**
 * What `@nestjs/config` calls mean statically: `registerAs` (a namespaced factory and its `KEY`
 * token), `ConfigModule.forRoot`/`forFeature` (read by the config registry), `ConfigService#get`/
 * `getOrThrow` (its lookup order and `{ infer }` options), `ConditionalModule.registerWhen` (the
 * module, or nothing, as the env decides) and the tokens `@Inject(appConfig.KEY)` injects.
 */
import type { CallExpression, Node } from 'ts-morph';
import type { Evaluator } from './evaluate';
import { PROCESS_ENV } from './builtins';
import { abbreviate } from './syntax';
import { asString, literal, truthy, unknown, type Value } from './values';

const TOKEN = /^CONFIGURATION\((.*)\)$/;

export function isConfigPackage(module: string): boolean {
  return module === '@nestjs/config' || module.startsWith('@nestjs/config/');
}

/** A call of an export of @nestjs/config; undefined for the ones with no static meaning here. */
export function callConfigApi(name: string, args: Value[], call: CallExpression, ev: Evaluator, depth: number): Value | undefined {
  switch (name) {
    case 'registerAs': {
      const namespace = asString(args[0] ?? literal(undefined));
      if (namespace === undefined) return unknown(`registerAs with a run-time namespace \`${abbreviate(call.getText())}\``, call);
      return { kind: 'configFactory', namespace, factory: args[1] ?? literal(undefined), node: call };
    }
    case 'getConfigToken': {
      const namespace = asString(args[0] ?? literal(undefined));
      return namespace === undefined ? unknown('getConfigToken of a run-time value', call) : literal(`CONFIGURATION(${namespace})`);
    }
    case 'ConfigModule.forRoot':
      return { kind: 'configModule', root: args[0] ?? { kind: 'object', props: new Map(), node: call }, node: call };
    case 'ConfigModule.forFeature':
      return { kind: 'configModule', feature: args[0] ?? literal(undefined), node: call };
    case 'ConditionalModule.registerWhen':
      return registerWhen(args[0] ?? literal(undefined), args[1] ?? literal(undefined), call, ev, depth);
    default:
      return undefined;
  }
}

/** `registerAs(...)` result: its `KEY` is the token; calling it runs the factory. */
export function configFactoryMember(f: Extract<Value, { kind: 'configFactory' }>, name: string, node: Node): Value {
  if (name === 'KEY') return literal(`CONFIGURATION(${f.namespace})`);
  return unknown(`member '${name}' of registerAs('${f.namespace}')`, node);
}

/** What a Nest container hands out for a token of @nestjs/config (`app.get(...)`, `@Inject(...)`), or undefined for other tokens. */
export function configInjectable(token: Value, ev: Evaluator, depth: number): Value | undefined {
  if (token.kind === 'external' && isConfigPackage(token.module) && token.name === 'ConfigService') return { kind: 'configService', injected: true };
  if (token.kind === 'configFactory') return namespaceObject(token.namespace, ev, depth, token.node);
  const text = asString(token);
  const m = text === undefined ? null : TOKEN.exec(text);
  if (m) return namespaceObject(m[1], ev, depth);
  return undefined;
}

function namespaceObject(namespace: string, ev: Evaluator, depth: number, node?: Node): Value {
  if (!ev.config) return unknown(`config '${namespace}' is read before the modules are known`, node);
  return ev.config.namespace(namespace, depth) ?? unknown(`no ConfigModule load or forFeature registers '${namespace}'`, node);
}

/** `configService.get(path, default?, { infer }?)` and `getOrThrow`. */
export function configServiceCall(service: Extract<Value, { kind: 'configService' }>, method: string, args: Value[], call: CallExpression, ev: Evaluator, depth: number): Value {
  if (method !== 'get' && method !== 'getOrThrow') return unknown(`ConfigService.${method}`, call);
  const path = asString(args[0] ?? literal(undefined));
  if (path === undefined) return unknown(`ConfigService.${method} of a run-time key \`${abbreviate(call.getText())}\``, call);
  const defaultValue = isGetOptions(args[1]) && args[2] === undefined ? literal(undefined) : (args[1] ?? literal(undefined));
  let value: Value = literal(undefined);
  // `new ConfigService()` has no internal config: only the env.
  if (service.injected) {
    if (!ev.config) return unknown(`ConfigService.${method}('${path}') is read before the modules are known`, call);
    value = ev.config.lookup(path, call, depth);
  }
  if (isUnset(value)) value = processEnvPath(path, call, ev);
  if (isUnset(value)) value = defaultValue;
  if (isUnset(value) && method === 'getOrThrow') {
    return unknown(`ConfigService.getOrThrow('${path}') throws: '${path}' is set by no config factory and not in the env`, call);
  }
  return value;
}

/** lodash `get(process.env, path)`: the whole path as one name, as environment variables are flat. */
function processEnvPath(path: string, node: Node, ev: Evaluator): Value {
  if (path.includes('.') && !ev.run.vars.has(path)) return literal(undefined);
  return ev.readEnv(path, node);
}

function isGetOptions(v: Value | undefined): boolean {
  return v?.kind === 'object' && v.props.size === 1 && v.props.has('infer') && truthy(v.props.get('infer')!) === true;
}

function isUnset(v: Value): boolean {
  return v.kind === 'literal' && v.value === undefined;
}

/**
 * `ConditionalModule.registerWhen(module, 'FLAG')` imports the module unless FLAG is `false` (any
 * case), unset included; with a function, when it returns truthy for the env. Undecided: both.
 */
function registerWhen(module: Value, condition: Value, call: CallExpression, ev: Evaluator, depth: number): Value {
  const key = asString(condition);
  let decided: boolean | undefined;
  let why: string;
  if (key !== undefined) {
    const v = ev.readEnv(key, call);
    decided = asString(v)?.toLowerCase() !== 'false';
    why = `${key} is ${asString(v) === undefined ? 'unset' : `'${asString(v)}'`}`;
  } else if (condition.kind === 'function') {
    decided = truthy(ev.callFunction(condition, [PROCESS_ENV], depth));
    why = `\`${abbreviate(condition.node.getText(), 60)}\` is ${decided}`;
  } else {
    decided = undefined;
    why = '';
  }
  if (decided === true) return module;
  const text = abbreviate(call.getArguments()[0]?.getText() ?? 'module', 60);
  if (decided === false) {
    ev.note({ severity: 'info', message: `ConditionalModule.registerWhen: ${text} is not imported (${why})`, node: call });
    return literal(undefined);
  }
  const conditionText = abbreviate(call.getArguments()[1]?.getText() ?? 'condition', 60);
  return { kind: 'unknown', reason: `ConditionalModule.registerWhen(${text}) depends on \`${conditionText}\``, node: call, branches: { condition: conditionText, values: [module, literal(undefined)] } };
}
