/**
 * What a guard's metadata read returns on a route, and whether the test the guard applies to it holds.
 * Models Nest's `Reflector` exactly: `get` is the target's value or `undefined`; `getAllAndOverride`
 * the first defined value (handler, then class); `getAllAndMerge` an array when nothing or one
 * primitive is set (`[]`, `[true]`), the object itself when one object is set, the values merged
 * otherwise; `getAll` always an array. Then JavaScript decides: `''` and `0` are falsy, `[]` is truthy,
 * and only the boolean `true` passes `=== true`.
 */
import type { MetadataEntry, MetadataValue, Route } from '../model';
import type { MetadataRead, ReadScope, ValueTest } from './types';

const UNDEFINED: MetadataValue = { type: 'undefined' };

/** The entry Nest keeps for a target: the last one applied with that key at that level. */
function at(route: Route, key: string, level: MetadataEntry['level']): MetadataEntry | undefined {
  return route.metadata.filter((e) => e.key === key && e.level === level).at(-1);
}

/** The value the read returns on the route, with the entry it comes from (none when absent or merged). */
export function readValue(route: Route, key: string, scope: ReadScope, method: MetadataRead['method'] = 'getAllAndOverride'): { value: MetadataValue; entry?: MetadataEntry } {
  const handler = at(route, key, 'handler');
  const cls = at(route, key, 'controller');
  const one = (e: MetadataEntry | undefined) => (e ? { value: e.value, entry: e } : { value: UNDEFINED });
  const first = handler ?? cls;
  if (method === 'getAll') return { value: { type: 'array', length: scope === 'handler' || scope === 'class' ? 1 : 2 }, ...(first ? { entry: first } : {}) };
  if (scope === 'handler') return one(handler);
  if (scope === 'class') return one(cls);
  if (scope === 'handlerOverClass' || method !== 'getAllAndMerge') return one(first);
  const set = [handler, cls].filter((e): e is MetadataEntry => e !== undefined);
  if (set.length === 0) return { value: { type: 'array', length: 0 } };
  if (set.length === 1) {
    const v = set[0].value;
    const isObject = v.type === 'array' || v.type === 'object' || v.type === 'null';
    if (v.type === 'unknown') return { value: v, entry: set[0] };
    return { value: isObject && v.type !== 'null' ? v : { type: 'array', length: 1 }, entry: set[0] };
  }
  return { value: { type: 'unknown' }, entry: set[0] };
}

/** Whether the test holds for the value; undefined when the value is not known well enough. */
export function passesTest(v: MetadataValue, test: ValueTest): boolean | undefined {
  if (v.type === 'unknown') return undefined;
  switch (test) {
    case 'truthy': return truthy(v);
    case 'true': return v.type === 'boolean' && v.literal;
    case 'defined': return v.type !== 'undefined';
    case 'nonNull': return v.type !== 'undefined' && v.type !== 'null';
    case 'notFalse': return !(v.type === 'boolean' && !v.literal);
    case 'nonEmpty':
      if (v.type === 'array') return v.length > 0;
      if (v.type === 'string') return v.literal.length > 0;
      return v.type === 'undefined' || v.type === 'null' ? false : undefined;
  }
}

function truthy(v: MetadataValue): boolean {
  switch (v.type) {
    case 'boolean': return v.literal;
    case 'string': return v.literal !== '';
    case 'number': return v.literal !== 0 && !Number.isNaN(v.literal);
    case 'null': case 'undefined': return false;
    default: return true;
  }
}

/** The test in words, for a why: `isPublic is true`, `roles is set`. */
export function describeTest(key: string, test: ValueTest): string {
  switch (test) {
    case 'truthy': return `${key} is truthy`;
    case 'true': return `${key} === true`;
    case 'defined': return `${key} !== undefined`;
    case 'nonNull': return `${key} != null`;
    case 'notFalse': return `${key} !== false`;
    case 'nonEmpty': return `${key} is not empty`;
  }
}
