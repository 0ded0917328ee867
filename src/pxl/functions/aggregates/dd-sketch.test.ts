import { describe, expect, it } from 'vitest';
import { DDSketch, MAX_BUCKETS, RELATIVE_ACCURACY } from './dd-sketch.js';

/** The reference: numpy's default ('linear') quantile over sorted values. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const below = sorted[low] as number;
  return low + 1 < sorted.length
    ? below + ((sorted[low + 1] as number) - below) * (rank - low)
    : below;
}

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
}

function sketchOf(values: readonly number[]): DDSketch {
  const sketch = new DDSketch();
  for (const v of values) sketch.add(v);
  return sketch;
}

const LEVELS = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

const random = lcg(11);
const gaussian = (): number =>
  Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
const DISTRIBUTIONS: [string, number[]][] = [
  [
    'log-normal latencies (ns)',
    Array.from({ length: 20_000 }, () => Math.round(Math.exp(15 + 1.5 * gaussian()))),
  ],
  ['uniform 0..1', Array.from({ length: 20_000 }, () => random())],
  ['heavy tail (pareto)', Array.from({ length: 20_000 }, () => 1 / random() ** 1.5)],
  [
    'integers 1..10 with many ties',
    Array.from({ length: 5000 }, () => 1 + Math.floor(random() * 10)),
  ],
];

describe('DDSketch', () => {
  it.each(DISTRIBUTIONS)(
    'keeps every quantile of %s within the relative accuracy',
    (_name, values) => {
      const sketch = sketchOf(values);
      for (const q of LEVELS) {
        const exact = exactQuantile(values, q);
        expect(Math.abs(sketch.quantile(q) - exact)).toBeLessThanOrEqual(
          RELATIVE_ACCURACY * Math.abs(exact) * (1 + 1e-9),
        );
      }
    },
  );

  it('handles negative values and zeros on their own sides', () => {
    const values = [-1000, -50, -50, -2, 0, 0, 0, 3, 70, 900];
    const sketch = sketchOf(values);
    for (const q of LEVELS) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(sketch.quantile(q) - exact)).toBeLessThanOrEqual(
        RELATIVE_ACCURACY * Math.abs(exact) + 1e-9,
      );
    }
    expect(sketch.quantile(0)).toBe(-1000);
    expect(sketch.quantile(1)).toBe(900);
  });

  it('merging two sketches is exactly the sketch of both inputs', () => {
    const values = DISTRIBUTIONS[0]?.[1] ?? [];
    const left = sketchOf(values.slice(0, 7000));
    const right = sketchOf(values.slice(7000));
    left.merge(right);
    const whole = sketchOf(values);
    expect(left.count).toBe(values.length);
    for (const q of LEVELS) expect(left.quantile(q)).toBe(whole.quantile(q));
  });

  it('ignores NaN and returns NaN when empty', () => {
    const sketch = new DDSketch();
    expect(sketch.quantile(0.5)).toBeNaN();
    sketch.add(NaN);
    expect(sketch.count).toBe(0);
    sketch.add(5);
    expect(sketch.quantile(0.5)).toBe(5);
  });

  it('bounds its buckets on extreme ranges and keeps the upper quantiles accurate', () => {
    // 1e-20 .. 1e20 needs more than MAX_BUCKETS buckets (they cover 17 decades): the
    // smallest merge, the largest 17 decades stay within the accuracy.
    const gamma = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    expect(MAX_BUCKETS).toBeLessThan(Math.log(1e40) / Math.log(gamma));
    const values = Array.from({ length: 41 }, (_, i) => 10 ** (i - 20));
    const sketch = sketchOf(values);
    for (const q of [0.75, 0.9, 1]) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(sketch.quantile(q) - exact) / exact).toBeLessThanOrEqual(
        RELATIVE_ACCURACY * (1 + 1e-9),
      );
    }
    expect(sketch.count).toBe(41);
  });
});
