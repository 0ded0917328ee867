import { describe, expect, it } from 'vitest';
import { laneValue, narrowCodes, narrowLane } from './lane.js';

describe('narrowLane', () => {
  const cases: [string, number[], string][] = [
    ['constant', [7, 7, 7], 'number'],
    ['small unsigned', [0, 200, 255], 'Uint8Array'],
    ['ports', [80, 65535, 1024], 'Uint16Array'],
    ['sizes', [0, 70_000, 4_000_000_000], 'Uint32Array'],
    ['small signed', [-1, 0, 127], 'Int8Array'],
    ['signed 16', [-300, 0, 300], 'Int16Array'],
    ['signed 32', [-70_000, 0, 70_000], 'Int32Array'],
    ['large integers', [0, 2 ** 40, 2 ** 53 - 1], 'Float64Array'],
    ['fractions', [0.5, 1, 2], 'Float64Array'],
  ];

  it.each(cases)('%s keeps every value exactly', (_name, values, representation) => {
    const lane = narrowLane(values, values.length);
    const kind = typeof lane === 'number' ? 'number' : lane.constructor.name;
    expect(kind).toBe(representation);
    expect(values.map((_, i) => laneValue(lane, i))).toEqual(values);
  });

  it('keeps NaN (a float64 lane)', () => {
    const nan = narrowLane([NaN, 1], 2);
    expect(laneValue(nan, 0)).toBeNaN();
  });

  it('reads only the first `count` values', () => {
    const lane = narrowLane(new Float64Array([1, 2, 1e12]), 2);
    expect(typeof lane === 'number' ? 'number' : lane.constructor.name).toBe('Uint8Array');
  });
});

describe('narrowCodes', () => {
  it('picks the representation narrowLane would, and keeps every code', () => {
    for (const distinct of [1, 2, 256, 257, 70_000]) {
      const codes = new Uint32Array(distinct + 5).map((_, i) => Math.min(i, distinct - 1));
      const count = distinct + 3;
      const lane = narrowCodes(codes, count, distinct);
      const expected = narrowLane(codes, count);
      const kindOf = (l: typeof lane): string =>
        typeof l === 'number' ? 'number' : l.constructor.name;
      expect(kindOf(lane)).toBe(kindOf(expected));
      const read = Array.from({ length: count }, (_, row) => laneValue(lane, row));
      expect(read).toEqual(Array.from(codes.subarray(0, count)));
    }
  });
});
