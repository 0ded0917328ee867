import { describe, expect, it } from 'vitest';
import { numbers } from '../../exec/vector.js';
import { RELATIVE_ACCURACY } from './dd-sketch.js';
import { QuantileStates } from './quantile-states.js';

function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const below = sorted[low] as number;
  return low + 1 < sorted.length
    ? below + ((sorted[low + 1] as number) - below) * (rank - low)
    : below;
}

/** Rows of (group, value): value i goes to group i % groups. */
function feed(
  states: QuantileStates,
  values: readonly number[],
  groups: number,
  batch = 100,
): void {
  states.init(groups);
  for (let from = 0; from < values.length; from += batch) {
    const part = values.slice(from, from + batch);
    const ids = Int32Array.from(part, (_, i) => (from + i) % groups);
    states.add(ids, numbers('FLOAT64', Float64Array.from(part)), part.length);
  }
}

const values = Array.from({ length: 5000 }, (_, i) =>
  Math.round(Math.exp(10 + ((i * 7919) % 1000) / 150)),
);
const groupValues = (g: number, groups: number): number[] =>
  values.filter((_, i) => i % groups === g);

describe('QuantileStates', () => {
  it('gives exact interpolated quantiles per group while under the exact limit', () => {
    const states = new QuantileStates();
    feed(states, values, 7);
    expect(states.isExact).toBe(true);
    for (let g = 0; g < 7; g++) {
      for (const q of [0, 0.1, 0.5, 0.9, 0.99, 1]) {
        expect(states.quantile(g, q)).toBeCloseTo(exactQuantile(groupValues(g, 7), q), 6);
      }
    }
  });

  it('switches every group to sketches past the limit and stays within the accuracy', () => {
    const states = new QuantileStates(1000);
    feed(states, values, 3);
    expect(states.isExact).toBe(false);
    for (let g = 0; g < 3; g++) {
      for (const q of [0.01, 0.5, 0.99]) {
        const exact = exactQuantile(groupValues(g, 3), q);
        expect(Math.abs(states.quantile(g, q) - exact)).toBeLessThanOrEqual(
          RELATIVE_ACCURACY * exact * (1 + 1e-9),
        );
      }
    }
  });

  it('merges partial states group by group, exact and sketched alike', () => {
    for (const limit of [1 << 20, 500]) {
      const first = new QuantileStates(limit);
      const second = new QuantileStates(limit);
      feed(first, values.slice(0, 2000), 4);
      feed(second, values.slice(2000), 4);
      const whole = new QuantileStates(limit);
      feed(whole, values, 4);
      for (let g = 0; g < 4; g++) first.merge(g, second, (g + 2000) % 4);
      for (let g = 0; g < 4; g++) {
        const exact = exactQuantile(groupValues(g, 4), 0.9);
        expect(Math.abs(first.quantile(g, 0.9) - exact)).toBeLessThanOrEqual(
          RELATIVE_ACCURACY * exact * (1 + 1e-9),
        );
      }
    }
  });

  it('skips NaN and gives NaN for a group without values', () => {
    const states = new QuantileStates();
    states.init(2);
    states.add(new Int32Array([0, 0, 0]), numbers('FLOAT64', new Float64Array([1, NaN, 3])), 3);
    expect(states.quantile(0, 0.5)).toBe(2);
    expect(states.quantile(1, 0.5)).toBeNaN();
  });
});
