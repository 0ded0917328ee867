import { describe, expect, it } from 'vitest';
import { numbers, strings, times, valueAt, type Vector } from '../../exec/vector.js';
import type { ArgInfo, BoundAggregate } from '../types.js';
import { aggregateFunction } from '../registry.js';

/**
 * init/add/merge/finalize: adding all rows at once must equal adding two halves to separate
 * states and merging them group by group (what combining partial results across nodes does).
 */
const GROUPS = 3;
const values = Array.from({ length: 40 }, (_, i) => ((i * 37) % 23) - 5);
const groupOf = (i: number): number => i % GROUPS;

function bind(fn: string, input: ArgInfo, args: number[] = []): BoundAggregate {
  const bound = aggregateFunction(fn)?.bind(input, args);
  if (bound === undefined || typeof bound === 'string')
    throw new Error(`cannot bind ${fn}: ${String(bound)}`);
  return bound;
}

function run(bound: BoundAggregate, makeInput: (rows: number[]) => Vector, split: boolean): Vector {
  const indices = values.map((_, i) => i);
  const whole = bound.createStates();
  whole.init(GROUPS);
  if (!split) {
    whole.add(Int32Array.from(indices, groupOf), makeInput(indices), indices.length);
    return bound.finalize(whole, GROUPS);
  }
  const first = indices.slice(0, 17);
  const second = indices.slice(17);
  whole.add(Int32Array.from(first, groupOf), makeInput(first), first.length);
  // The second half's states number groups backwards, so merging has to map them.
  const other = bound.createStates();
  other.init(GROUPS);
  other.add(
    Int32Array.from(second, (i) => GROUPS - 1 - groupOf(i)),
    makeInput(second),
    second.length,
  );
  for (let g = 0; g < GROUPS; g++) whole.merge(g, other, GROUPS - 1 - g);
  return bound.finalize(whole, GROUPS);
}

const asNumbers = (rows: number[]): Vector =>
  numbers(
    'INT64',
    Float64Array.from(rows, (i) => values[i] as number),
  );
const asTimes = (rows: number[]): Vector =>
  times(
    1_700_000_000_000_000_000n,
    Float64Array.from(rows, (i) => values[i] as number),
  );
const int: ArgInfo = { type: 'INT64', semantic: 'ST_NONE' };

describe('aggregate merge', () => {
  it.each([
    ['count', []],
    ['sum', []],
    ['mean', []],
    ['min', []],
    ['max', []],
    ['quantiles', []],
    ['quantiles', [0.9]],
  ] as [string, number[]][])('%s %j: merged halves equal one pass', (fn, args) => {
    const bound = bind(fn, int, args);
    const once = run(bound, asNumbers, false);
    const merged = run(bound, asNumbers, true);
    for (let g = 0; g < GROUPS; g++) expect(valueAt(merged, g)).toEqual(valueAt(once, g));
  });

  it('min and max of times merge exactly', () => {
    for (const fn of ['min', 'max']) {
      const bound = bind(fn, { type: 'TIME64NS', semantic: 'ST_NONE' });
      const once = run(bound, asTimes, false);
      const merged = run(bound, asTimes, true);
      expect(merged.kind).toBe('time');
      for (let g = 0; g < GROUPS; g++) expect(valueAt(merged, g)).toBe(valueAt(once, g));
    }
  });

  it('any keeps a value the group saw', () => {
    const bound = bind('any', { type: 'STRING', semantic: 'ST_NONE' });
    const names = (rows: number[]): Vector =>
      strings(
        Uint32Array.from(rows, (i) => i % 4),
        ['a', 'b', 'c', 'd'],
      );
    const merged = run(bound, names, true);
    for (let g = 0; g < GROUPS; g++) expect(['a', 'b', 'c', 'd']).toContain(valueAt(merged, g));
  });

  it('refuses to merge states of different aggregates', () => {
    const sum = bind('sum', int).createStates();
    const max = bind('max', int).createStates();
    sum.init(1);
    max.init(1);
    expect(() => sum.merge(0, max, 0)).toThrow(/different aggregates/);
  });
});
