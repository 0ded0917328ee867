import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { call, int, str } from '../../plan/expr.js';

const store = storeWith(requestRows(3));

/** Evaluates a JSON function on a constant document (folded once, the same on every row). */
function on(fn: string, doc: string, key: string | number): unknown {
  const arg = typeof key === 'number' ? int(key) : str(key);
  return evaluate(store, call(fn, str(doc), arg)).values[0];
}

const doc =
  '{"p50": 5.1, "code": 200, "name": "cart", "tags": ["a", {"b": 1}], "nothing": null, "nested": {"x": [1]}}';

describe('JSON functions', () => {
  it('pluck returns strings bare and other values as JSON text', () => {
    expect(on('pluck', doc, 'name')).toBe('cart');
    expect(on('pluck', doc, 'p50')).toBe('5.1');
    expect(on('pluck', doc, 'nested')).toBe('{"x":[1]}');
    expect(on('pluck', doc, 'nothing')).toBe('');
    expect(on('pluck', doc, 'missing')).toBe('');
    expect(on('pluck', 'not json', 'name')).toBe('');
    expect(on('pluck', '[1, 2]', '0')).toBe('');
  });

  it('pluck_float64 and pluck_int64 read numbers, 0 otherwise', () => {
    expect(on('pluck_float64', doc, 'p50')).toBe(5.1);
    expect(on('pluck_float64', doc, 'code')).toBe(200);
    expect(on('pluck_float64', doc, 'name')).toBe(0);
    expect(on('pluck_int64', doc, 'code')).toBe(200);
    expect(on('pluck_int64', doc, 'p50')).toBe(0);
    expect(on('pluck_int64', '{', 'code')).toBe(0);
  });

  it('pluck_array reads by index, empty when out of range', () => {
    expect(on('pluck_array', '["a", {"b": 1}, 3]', 0)).toBe('a');
    expect(on('pluck_array', '["a", {"b": 1}, 3]', 1)).toBe('{"b":1}');
    expect(on('pluck_array', '["a"]', 5)).toBe('');
    expect(on('pluck_array', '["a"]', -1)).toBe('');
    expect(on('pluck_array', '{"a": 1}', 0)).toBe('');
  });

  it('finds only keys the document defines, never inherited properties', () => {
    expect(on('pluck', '{"a": 1}', '__proto__')).toBe('');
    expect(on('pluck', '{"a": 1}', 'constructor')).toBe('');
    expect(on('pluck', '{"a": 1}', 'toString')).toBe('');
    expect(on('pluck', '{"__proto__": "x"}', '__proto__')).toBe('x');
  });
});
