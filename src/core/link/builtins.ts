/**
 * The few JavaScript built-ins that NestJS apps use while building decorators, paths and module
 * lists: array `map`/`filter`/`concat`/`flat`/`join`/`includes`, string `replace`/`trim`/case and
 * affixes, `Boolean`, `String`, `Array.isArray`, `typeof`, and `process.env` (read as unset).
 */
import type { Node } from 'ts-morph';
import { asString, literal, truthy, unknown, type Value } from './values';

export const GLOBAL = '<global>';
const GLOBAL_NAMES = new Set(['process', 'Array', 'Boolean', 'String', 'Number', 'Object', 'JSON']);

export function isGlobalName(name: string): boolean {
  return GLOBAL_NAMES.has(name);
}

type CallFn = (fn: Value, args: Value[]) => Value;

export function callArrayMethod(arr: Extract<Value, { kind: 'array' }>, name: string, args: Value[], node: Node, call: CallFn): Value {
  switch (name) {
    case 'map':
      return { kind: 'array', items: arr.items.map((item, i) => call(args[0], [item, literal(i)])) };
    case 'flatMap':
      return { kind: 'array', items: arr.items.flatMap((item, i) => flatten(call(args[0], [item, literal(i)]))) };
    case 'filter':
      return {
        kind: 'array',
        // An item whose test is unknown is kept: dropping it could hide a guard or a module.
        items: arr.items.filter((item, i) => truthy(call(args[0], [item, literal(i)])) !== false),
      };
    case 'concat':
      return { kind: 'array', items: [...arr.items, ...args.flatMap(flatten)] };
    case 'flat':
      return { kind: 'array', items: arr.items.flatMap(flatten) };
    case 'slice':
      return { kind: 'array', items: arr.items.slice(num(args[0]), args[1] ? num(args[1]) : undefined) };
    case 'join': {
      const parts = arr.items.map(asString);
      return parts.every((p) => p !== undefined) ? literal(parts.join(args[0] ? (asString(args[0]) ?? ',') : ',')) : unknown('join of run-time values', node);
    }
    case 'includes': {
      const needle = asString(args[0]);
      return needle === undefined ? unknown('includes of a run-time value', node) : literal(arr.items.some((i) => asString(i) === needle));
    }
    default:
      return unknown(`array method '${name}'`, node);
  }
}

export function callStringMethod(s: string, name: string, args: Value[], node: Node): Value {
  const a = args.map((v) => (v.kind === 'regex' ? new RegExp(v.source, v.flags) : asString(v)));
  if (a.some((x) => x === undefined) && !['trim', 'toLowerCase', 'toUpperCase'].includes(name)) return unknown(`string method '${name}' with run-time arguments`, node);
  switch (name) {
    case 'replace':
      return literal(s.replace(a[0] as string | RegExp, a[1] as string));
    case 'replaceAll':
      return literal(s.replaceAll(a[0] as string | RegExp, a[1] as string));
    case 'trim':
      return literal(s.trim());
    case 'toLowerCase':
      return literal(s.toLowerCase());
    case 'toUpperCase':
      return literal(s.toUpperCase());
    case 'startsWith':
      return literal(s.startsWith(a[0] as string));
    case 'endsWith':
      return literal(s.endsWith(a[0] as string));
    case 'concat':
      return literal(s.concat(...(a as string[])));
    case 'split':
      return { kind: 'array', items: s.split(a[0] as string).map((p) => literal(p)) };
    default:
      return unknown(`string method '${name}'`, node);
  }
}

export function callGlobal(name: string, args: Value[], node: Node): Value {
  switch (name) {
    case 'Boolean': {
      const t = truthy(args[0] ?? literal(undefined));
      return t === undefined ? unknown('Boolean of a run-time value', node) : literal(t);
    }
    case 'String': {
      const s = asString(args[0] ?? literal(undefined));
      return s === undefined ? unknown('String of a run-time value', node) : literal(s);
    }
    case 'Array.isArray':
      return args[0]?.kind === 'unknown' ? unknown('Array.isArray of a run-time value', node) : literal(args[0]?.kind === 'array');
    default:
      return unknown(`call of ${name}`, node);
  }
}

export function typeOf(v: Value): Value {
  switch (v.kind) {
    case 'literal':
      return literal(v.value === null ? 'object' : typeof v.value);
    case 'array':
    case 'object':
    case 'instance':
    case 'regex':
      return literal('object');
    case 'function':
    case 'class':
    case 'createdDecorator':
    case 'decorator':
      return literal('function');
    case 'enumMember':
      return v.value === undefined ? unknown('typeof an enum member') : literal(typeof v.value);
    default:
      return unknown(`typeof a ${v.kind}`);
  }
}

function flatten(v: Value): Value[] {
  return v.kind === 'array' ? v.items : [v];
}

function num(v: Value | undefined): number | undefined {
  return v?.kind === 'literal' && typeof v.value === 'number' ? v.value : undefined;
}
