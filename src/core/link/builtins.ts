/**
 * The few JavaScript built-ins that NestJS apps use while building decorators, paths, module lists
 * and config: array `map`/`filter`/`forEach`/`reduce`/`concat`/`flat`/`join`/`includes`/`some`/`every`/`find`, string
 * `replace`/`trim`/case/affixes/`split`/`includes`, `Boolean`, `String`, `Number`, `parseInt`,
 * `JSON.parse` of a known string, `Array.isArray`, `typeof`, and node's `path.join`/`resolve`.
 * (`process.env` and `process.cwd()` are the app's run environment: the evaluator answers those.)
 */
import * as nodePath from 'path';
import type { Node } from 'ts-morph';
import { safeRegex } from './safeRegex';
import { asString, literal, truthy, unknown, type Value } from './values';

export const GLOBAL = '<global>';
const GLOBAL_NAMES = new Set(['process', 'Array', 'Boolean', 'String', 'Number', 'Object', 'JSON', 'require', 'parseInt', 'parseFloat', 'Promise']);
/** `process.env` as a value (passed whole to `validate(config)`, a `registerWhen` condition, …). */
export const PROCESS_ENV: Value = { kind: 'external', module: GLOBAL, name: 'process.env' };

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
    case 'some':
    case 'every': {
      const tests = arr.items.map((item, i) => truthy(call(args[0], [item, literal(i)])));
      if (name === 'some' ? tests.includes(true) : tests.includes(false)) return literal(name === 'some');
      return tests.includes(undefined) ? unknown(`${name} over run-time values`, node) : literal(name === 'every');
    }
    case 'forEach':
      // Run for what the callback sets (a builder's `modules.forEach((m) => this.modules.push(m))`).
      arr.items.forEach((item, i) => call(args[0], [item, literal(i)]));
      return literal(undefined);
    case 'reduce': {
      // Without an initial value the first item starts; `(acc, x) => { acc[k] = v; return acc }` builds a table.
      let acc = args.length > 1 ? args[1] : arr.items[0];
      if (acc === undefined) return unknown('reduce of an empty list without an initial value', node);
      for (let i = args.length > 1 ? 0 : 1; i < arr.items.length; i++) acc = call(args[0], [acc, arr.items[i], literal(i)]);
      return acc;
    }
    case 'find': {
      for (const [i, item] of arr.items.entries()) {
        const t = truthy(call(args[0], [item, literal(i)]));
        if (t === undefined) return unknown('find over run-time values', node);
        if (t) return item;
      }
      return literal(undefined);
    }
    default:
      return unknown(`array method '${name}'`, node);
  }
}

export function callStringMethod(s: string, name: string, args: Value[], node: Node): Value {
  if (args[0]?.kind === 'regex') return callWithRegex(s, name, args[0], args.slice(1), node);
  const a = args.map(asString);
  if (a.some((x) => x === undefined) && !['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase'].includes(name)) return unknown(`string method '${name}' with run-time arguments`, node);
  const n = (i: number): number | undefined => (a[i] === undefined ? undefined : Number(a[i]));
  switch (name) {
    case 'replace':
      return literal(s.replace(a[0] as string, a[1] as string));
    case 'replaceAll':
      return literal(s.replaceAll(a[0] as string, a[1] as string));
    case 'trim':
      return literal(s.trim());
    case 'trimStart':
      return literal(s.trimStart());
    case 'trimEnd':
      return literal(s.trimEnd());
    case 'substring':
      return literal(s.substring(n(0) ?? 0, n(1)));
    case 'slice':
      return literal(s.slice(n(0), n(1)));
    case 'indexOf':
      return literal(s.indexOf(a[0] as string));
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
    case 'includes':
      return literal(s.includes(a[0] as string));
    default:
      return unknown(`string method '${name}'`, node);
  }
}

/** `replace`/`replaceAll` with a regex from the workspace, run on RE2 (safeRegex.ts); anything else with one is unknown. */
function callWithRegex(s: string, name: string, regex: Extract<Value, { kind: 'regex' }>, rest: Value[], node: Node): Value {
  const re = safeRegex(regex.source, regex.flags);
  if (!re) return unknown(`a regular expression the analysis does not run (/${regex.source}/${regex.flags})`, node);
  const replacement = asString(rest[0]);
  if (name === 'replace' && replacement !== undefined) return literal(re.replace(s, replacement));
  // JavaScript throws on replaceAll with a non-global regex: the app would not get a value either.
  if (name === 'replaceAll' && replacement !== undefined && regex.flags.includes('g')) return literal(re.replace(s, replacement, true));
  return unknown(`string method '${name}' with a regular expression`, node);
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
    case 'Number':
    case 'parseInt':
    case 'parseFloat': {
      const v = args[0] ?? literal(undefined);
      if (v.kind !== 'literal') return unknown(`${name} of a run-time value`, node);
      const radix = args[1] && asString(args[1]) !== undefined ? Number(asString(args[1])) : undefined;
      return literal(name === 'Number' ? Number(v.value) : name === 'parseInt' ? parseInt(String(v.value), radix) : parseFloat(String(v.value)));
    }
    case 'Promise.all':
    case 'Promise.resolve':
      // `await` is transparent here: a promise is its value.
      return args[0] ?? literal(undefined);
    case 'JSON.parse': {
      const text = asString(args[0] ?? literal(undefined));
      if (text === undefined) return unknown('JSON.parse of a run-time value', node);
      try {
        return fromJson(JSON.parse(text), node);
      } catch {
        return unknown('JSON.parse of text that is not JSON (it throws at start)', node);
      }
    }
    default:
      return unknown(`call of ${name}`, node);
  }
}

/** A parsed JSON value as an evaluator value. */
function fromJson(v: unknown, node: Node): Value {
  if (Array.isArray(v)) return { kind: 'array', items: v.map((x) => fromJson(x, node)) };
  if (v && typeof v === 'object') return { kind: 'object', props: new Map(Object.entries(v).map(([k, x]) => [k, fromJson(x, node)])), node };
  return literal(v as string | number | boolean | null);
}

/** `path.join`/`resolve`/`dirname`/`basename` of known strings; `resolve` starts from the app's working directory, never ours. */
export function callPathModule(name: string, args: Value[], node: Node, cwd: string): Value {
  const parts = args.map(asString);
  if (parts.some((p) => p === undefined)) return unknown(`path.${name} of run-time values`, node);
  const strs = parts as string[];
  switch (name) {
    case 'join':
      return literal(nodePath.join(...strs));
    case 'resolve':
      return literal(nodePath.resolve(cwd, ...strs));
    case 'dirname':
      return literal(nodePath.dirname(strs[0] ?? ''));
    case 'basename':
      return literal(nodePath.basename(strs[0] ?? '', strs[1]));
    default:
      return unknown(`path.${name}`, node);
  }
}

/** Globals that are objects at run time (the rest of GLOBAL_NAMES are functions). */
const GLOBAL_OBJECTS = new Set(['process', 'JSON', 'process.env']);

export function typeOf(v: Value): Value {
  switch (v.kind) {
    case 'external':
      if (v.module === GLOBAL) return literal(GLOBAL_OBJECTS.has(v.name) ? 'object' : 'function');
      return unknown(`typeof a ${v.kind}`);
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
