import { describe, expect, it } from 'vitest';
import { createColumnBuilder } from './builders.js';
import { laneValue } from './lane.js';

/** Appends `values` in batches of 100 and reads the column back, with its dictionary size. */
function roundTrip(values: readonly string[]): { read: string[]; entries: number } {
  const builder = createColumnBuilder('STRING', values.length);
  for (let at = 0; at < values.length; at += 100) {
    builder.append(values, at, Math.min(100, values.length - at), at);
  }
  const chunk = builder.seal(values.length);
  if (chunk.kind !== 'dict') throw new Error('expected a dictionary column');
  const read = values.map((_, row) => chunk.dict[laneValue(chunk.codes, row)] as string);
  return { read, entries: chunk.dict.length };
}

describe('string columns', () => {
  it('give each distinct value one entry when values repeat, more than recent memory holds', () => {
    // Built fresh per row, as parsers do: equal text, different string objects.
    const values = Array.from({ length: 5000 }, (_, i) => ['value-', String(i % 13)].join(''));
    const { read, entries } = roundTrip(values);
    expect(read).toEqual(values);
    expect(entries).toBe(13);
  });

  it('keep every value of a column whose values rarely repeat', () => {
    const values = Array.from(
      { length: 5000 },
      (_, i) => `query id ${i} ${i % 3 === 0 ? 'x' : ''}`,
    );
    const { read, entries } = roundTrip(values);
    expect(read).toEqual(values);
    expect(entries).toBe(5000);
  });

  it('keep the values that repeat among distinct ones once each, and read back every row', () => {
    // A transaction's statements with their parameters around BEGIN and COMMIT; a new
    // repeating value (ROLLBACK) starts after the column stopped hashing.
    const values = Array.from({ length: 6000 }, (_, i) => {
      if (i % 3 === 0) return ['BEG', 'IN'].join('');
      if (i % 3 === 2) return i < 3000 ? ['COM', 'MIT'].join('') : ['ROLL', 'BACK'].join('');
      return `UPDATE accounts SET balance = ${i} WHERE id = ${i * 7}`;
    });
    const { read, entries } = roundTrip(values);
    expect(read).toEqual(values);
    // BEGIN and COMMIT once each, every UPDATE, and ROLLBACK on each of its 1000 rows.
    expect(entries).toBe(2 + 2000 + 1000);
  });
});

describe('number columns', () => {
  it('read the same from a Float64Array batch column as from an array, at any offset', () => {
    const values = [3, 70_000, 0.25, -2, 9];
    const typed = createColumnBuilder('FLOAT64', 8);
    const plain = createColumnBuilder('FLOAT64', 8);
    typed.append(new Float64Array([99, ...values]), 1, 3, 0);
    typed.append(new Float64Array(values), 3, 2, 3);
    plain.append(values, 0, 5, 0);
    const read = (chunk: ReturnType<typeof typed.seal>): number[] =>
      chunk.kind === 'number' ? values.map((_, row) => laneValue(chunk.lane, row)) : [];
    expect(read(typed.seal(5))).toEqual(values);
    expect(read(plain.seal(5))).toEqual(values);
  });
});
