/**
 * What calls into NestJS's own packages mean, statically: `UseGuards`, `SetMetadata`,
 * `applyDecorators`, the route and controller decorators, `mixin`, `forwardRef`, `RouterModule`.
 * Anything else from a package is opaque: a call to it is a `mixin` value (the guard name as written).
 */
import type { CallExpression, Node } from 'ts-morph';
import type { HttpMethod } from '../model';
import type { Evaluator } from './evaluate';
import { asString, display, literal, unknown, type Effect, type GuardSpec, type Value } from './values';

const ROUTE_DECORATORS: Record<string, HttpMethod> = {
  Get: 'GET', Post: 'POST', Put: 'PUT', Delete: 'DELETE', Patch: 'PATCH', Options: 'OPTIONS', Head: 'HEAD',
  All: 'ALL', Search: 'SEARCH', Sse: 'GET', Propfind: 'PROPFIND', Proppatch: 'PROPPATCH', Mkcol: 'MKCOL', Copy: 'COPY',
  Move: 'MOVE', Lock: 'LOCK', Unlock: 'UNLOCK',
};

/** `RequestMethod` enum members in @nestjs/common, by numeric value. */
const REQUEST_METHODS: HttpMethod[] = [
  'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK',
];

export function isNestPackage(module: string): boolean {
  return module === '@nestjs/common' || module === '@nestjs/core' || module.startsWith('@nestjs/common/') || module.startsWith('@nestjs/core/');
}

export function memberOfExternal(obj: Extract<Value, { kind: 'external' }>, name: string): Value {
  if (obj.name === '*') return { kind: 'external', module: obj.module, name };
  if (obj.name === 'VERSION_NEUTRAL') return unknown('member of VERSION_NEUTRAL');
  return { kind: 'external', module: obj.module, name: `${obj.name}.${name}` };
}

/** `RequestMethod.GET` (or its number) as a method name. */
export function requestMethodOf(v: Value): HttpMethod | undefined {
  if (v.kind === 'external' && v.name.startsWith('RequestMethod.')) return v.name.slice('RequestMethod.'.length) as HttpMethod;
  if (v.kind === 'literal' && typeof v.value === 'number') return REQUEST_METHODS[v.value];
  if (v.kind === 'enumMember' && typeof v.value === 'number') return REQUEST_METHODS[v.value];
  return undefined;
}

export function callExternal(callee: Extract<Value, { kind: 'external' }>, args: Value[], call: CallExpression, ev: Evaluator, depth: number): Value {
  const nest = isNestPackage(callee.module);
  const name = callee.name;
  if (nest && name === 'UseGuards') return { kind: 'decorator', effects: [guardsEffect(args, call, [])] };
  if (nest && name === 'UseInterceptors') {
    return { kind: 'decorator', effects: [{ type: 'interceptors', interceptors: args.map((a) => toGuardSpec(a, call)), via: [], node: call }] };
  }
  if (nest && name === 'SetMetadata') {
    const keyNode = call.getArguments()[0];
    return { kind: 'decorator', effects: [metadataEffect(args[0] ?? literal(undefined), keyNode, args[1] ?? literal(undefined), call, 'SetMetadata')] };
  }
  if (nest && name === 'applyDecorators') return { kind: 'decorator', effects: composite(args, call) };
  if (nest && ROUTE_DECORATORS[name]) {
    return { kind: 'decorator', effects: [{ type: 'route', method: ROUTE_DECORATORS[name], paths: args[0] ?? literal(undefined), node: call }] };
  }
  if (nest && name === 'RequestMapping') {
    const opts = args[0];
    const method = opts?.kind === 'object' ? requestMethodOf(opts.props.get('method') ?? literal(0)) ?? 'GET' : 'GET';
    const paths = opts?.kind === 'object' ? opts.props.get('path') ?? literal(undefined) : literal(undefined);
    return { kind: 'decorator', effects: [{ type: 'route', method, paths, node: call }] };
  }
  if (nest && name === 'Controller') return { kind: 'decorator', effects: [{ type: 'controller', options: args[0] ?? literal(undefined), node: call }] };
  if (nest && name === 'Version') return { kind: 'decorator', effects: [{ type: 'version', value: args[0] ?? literal(undefined), node: call }] };
  if (nest && name === 'mixin') return args[0] ?? unknown('mixin() without a class', call);
  if (nest && name === 'forwardRef') {
    const fn = args[0];
    return fn?.kind === 'function' ? { kind: 'forwardRef', target: ev.callFunction(fn, [], depth) } : unknown('forwardRef without a function', call);
  }
  if (nest && name === 'RouterModule.register') {
    return { kind: 'object', node: call, props: new Map<string, Value>([['module', { kind: 'external', module: callee.module, name: 'RouterModule' }], ['__routes', args[0] ?? literal(undefined)]]) };
  }
  if (nest && /^[A-Z]/.test(name) && !name.includes('.')) {
    // Other Nest decorators (Injectable, Body, Param, HttpCode, ...) have no effect on guards or paths.
    return { kind: 'decorator', effects: [] };
  }
  // Opaque package call: `AuthGuard('jwt')`, `ApiTags('x')`, `ThrottlerGuard`-style factories.
  return { kind: 'mixin', text: call.getText().replace(/\s+/g, ' '), callee: name.split('.').pop() ?? name, args, module: callee.module };
}

function composite(args: Value[], call: CallExpression): Effect[] {
  const effects: Effect[] = [];
  for (const a of args) {
    if (a.kind === 'decorator') effects.push(...a.effects);
    else if (a.kind === 'mixin' || (a.kind === 'external')) continue; // a package decorator: no effect we can see
    else effects.push({ type: 'unresolved', reason: a.kind === 'unknown' ? a.reason : `applyDecorators argument is a ${a.kind}`, node: a.kind === 'unknown' && a.node ? a.node : call });
  }
  return effects;
}

export function guardsEffect(args: Value[], call: Node, via: string[]): Effect {
  return { type: 'guards', guards: args.map((a) => toGuardSpec(a, call)), via, node: call };
}

function metadataEffect(key: Value, keyNode: Node | undefined, value: Value, call: Node, decorator: string): Effect {
  const keyText = keyNode?.getText() ?? '';
  const keyString = asString(key) ?? (key.kind === 'external' || key.kind === 'symbol' ? key.name : keyText);
  return { type: 'metadata', key: keyString, keyText, value, via: [], node: call, decorator };
}

/** A guard argument as the chain shows it. Unknown values keep their reason in `name`'s stead. */
export function toGuardSpec(v: Value, node: Node): GuardSpec {
  switch (v.kind) {
    case 'class':
      return { name: v.name, className: v.name, form: 'class', decl: v.decl, node: v.decl };
    case 'external':
      return { name: v.name, className: v.name, form: 'class', node };
    case 'mixin':
      return { name: v.text, className: v.callee, form: 'mixin', mixinArgs: v.args.map((a) => display(a)), decl: v.returned, node };
    case 'instance': {
      const inner = toGuardSpec(v.of, node);
      return { ...inner, form: 'instance', node: v.node };
    }
    case 'forwardRef':
      return toGuardSpec(v.target, node);
    default:
      return {
        name: '',
        className: '',
        form: 'class',
        node: v.kind === 'unknown' && v.node ? v.node : node,
        unresolved: v.kind === 'unknown' ? v.reason : `a ${v.kind} is not a guard`,
      };
  }
}

