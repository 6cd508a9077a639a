/** Marker values as Nest's Reflector returns them, and the tests guards apply to them (JavaScript truthiness, `=== true`, ...). */
import * as assert from 'assert';
import type { MetadataValue } from '../../../src/core/model';
import { passesTest, readValue } from '../../../src/core/semantics/markerValues';
import type { ValueTest } from '../../../src/core/semantics/types';
import { entry, route } from './testHost';

const VALUES: Array<[string, MetadataValue]> = [
  ['true', { type: 'boolean', literal: true }],
  ['false', { type: 'boolean', literal: false }],
  ["''", { type: 'string', literal: '' }],
  ["'false'", { type: 'string', literal: 'false' }],
  ['0', { type: 'number', literal: 0 }],
  ['1', { type: 'number', literal: 1 }],
  ['null', { type: 'null' }],
  ['undefined', { type: 'undefined' }],
  ['[]', { type: 'array', length: 0 }],
  ["['a']", { type: 'array', length: 1 }],
  ['{}', { type: 'object' }],
];
const V = new Map(VALUES);
const value = (k: string): MetadataValue => V.get(k)!;

describe('marker value tests', () => {
  // Each row: the values that pass the test, in the order of V; every other value fails it.
  const table: Array<[ValueTest, string[]]> = [
    ['truthy', ['true', "'false'", '1', '[]', "['a']", '{}']],
    ['true', ['true']],
    ['defined', ['true', 'false', "''", "'false'", '0', '1', 'null', '[]', "['a']", '{}']],
    ['nonNull', ['true', 'false', "''", "'false'", '0', '1', '[]', "['a']", '{}']],
    ['notFalse', ['true', "''", "'false'", '0', '1', 'null', 'undefined', '[]', "['a']", '{}']],
  ];
  for (const [test, passing] of table) {
    it(`${test}: passes exactly on ${passing.join(' ')}`, () => {
      assert.deepStrictEqual(VALUES.filter(([, v]) => passesTest(v, test) === true).map(([k]) => k), passing);
    });
  }

  it('nonEmpty: arrays and strings by length; an unknown shape is undecided', () => {
    assert.deepStrictEqual(['[]', "['a']", "''", "'false'", 'undefined', 'null'].map((k) => passesTest(value(k), 'nonEmpty')), [false, true, false, true, false, false]);
    assert.strictEqual(passesTest(value('{}'), 'nonEmpty'), undefined);
    assert.strictEqual(passesTest({ type: 'unknown' }, 'truthy'), undefined);
  });
});

describe('what a Reflector read returns on a route', () => {
  const h = entry('k', 'other', 'handler', 'K', ['true']);
  const c = entry('k', 'other', 'controller', 'K', ['x']);
  it('getAllAndOverride: the handler over the class; get: the target only', () => {
    assert.deepStrictEqual(readValue(route('C', 'h', 'GET', '/', { metadata: [h, c] }), 'k', 'handlerOverClass').value, { type: 'boolean', literal: true });
    assert.deepStrictEqual(readValue(route('C', 'h', 'GET', '/', { metadata: [c] }), 'k', 'handler', 'get').value, { type: 'undefined' });
    assert.deepStrictEqual(readValue(route('C', 'h', 'GET', '/', { metadata: [c] }), 'k', 'class', 'get').value, { type: 'string', literal: 'x' });
  });

  it('getAllAndMerge: [] when nothing is set, [v] for one primitive, the object for one object', () => {
    const merged = (metadata = [h]) => readValue(route('C', 'h', 'GET', '/', { metadata }), 'k', 'merged', 'getAllAndMerge').value;
    assert.deepStrictEqual(merged([]), { type: 'array', length: 0 });
    assert.deepStrictEqual(merged([h]), { type: 'array', length: 1 });
    assert.deepStrictEqual(merged([entry('k', 'other', 'handler', 'K', ['a', 'b'])]), { type: 'array', length: 2 });
  });

  it('the last decorator applied at a level is the value Nest keeps', () => {
    const first = entry('k', 'other', 'handler', 'K', ['true']);
    const last = entry('k', 'other', 'handler', 'K', ['false']);
    assert.deepStrictEqual(readValue(route('C', 'h', 'GET', '/', { metadata: [first, last] }), 'k', 'handler', 'get').value, { type: 'boolean', literal: false });
  });
});
