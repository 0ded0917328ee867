import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binSamples, niceStep, type BinOptions } from './histogram-bins.js';

const RAW: BinOptions = { maxbins: 10, minstep: 0, integer: false, prebinned: false };
const ones = (values: readonly number[]): number[] => values.map(() => 1);
const bin = (values: readonly number[], options: Partial<BinOptions> = {}) =>
  binSamples(values, ones(values), { ...RAW, ...options });
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('niceStep', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0.7, 1, 1.2, 3, 7, 0.03, 2.5e6, 0.30000000000000004].map(niceStep)).toEqual([
      1, 1, 2, 5, 10, 0.05, 5e6, 0.5,
    ]);
  });

  it('gives back values beyond float range as they are', () => {
    expect(niceStep(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(niceStep(5e-324)).toBe(5e-324);
  });
});

describe('binSamples', () => {
  it('makes nice equal-width bins that start at a multiple of their width', () => {
    const bins = bin(range(100));
    expect(bins).toHaveLength(10);
    expect(bins[0]).toEqual({ start: 0, end: 10, count: 10 });
    expect(bins[9]).toEqual({ start: 90, end: 100, count: 10 });
    expect(bin([23, 47, 61], { maxbins: 4 }).map((b) => [b.start, b.end, b.count])).toEqual([
      [20, 40, 1],
      [40, 60, 1],
      [60, 80, 1],
    ]);
  });

  it('puts the largest value in the last bin', () => {
    expect(bin([0, 10, 20], { maxbins: 2 })).toEqual([
      { start: 0, end: 10, count: 1 },
      { start: 10, end: 20, count: 2 },
    ]);
  });

  it('widens the bins when an aligned first edge would need one bin too many', () => {
    // Width 10 from 0 needs 11 bins for 5..105; width 20 needs 6.
    const bins = bin([5, 105]);
    expect(bins.map((b) => b.start)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('never makes bins narrower than minstep, or than 1 for integers', () => {
    expect(bin(range(11), { minstep: 5 }).map((b) => [b.start, b.count])).toEqual([
      [0, 5],
      [5, 6],
    ]);
    expect(bin([1, 2], { integer: true })).toEqual([{ start: 1, end: 2, count: 2 }]);
    expect(bin([1, 2])).toHaveLength(10);
  });

  it('sums weights, and keeps pre-binned rows in bins as wide as their gaps', () => {
    const bins = binSamples([0, 10, 20], [3, 5, 2], { ...RAW, prebinned: true });
    expect(bins).toEqual([
      { start: 0, end: 10, count: 3 },
      { start: 10, end: 20, count: 5 },
      { start: 20, end: 30, count: 2 },
    ]);
  });

  it('merges pre-binned rows into wider bins when there are too many', () => {
    const starts = range(10).map((i) => i * 10);
    const bins = binSamples(starts, ones(starts), { ...RAW, maxbins: 5, prebinned: true });
    expect(bins.map((b) => [b.start, b.end, b.count])).toEqual([
      [0, 20, 2],
      [20, 40, 2],
      [40, 60, 2],
      [60, 80, 2],
      [80, 100, 2],
    ]);
  });

  it('gives one value a bin a tenth of its size', () => {
    expect(bin([5e6])).toEqual([{ start: 5e6, end: 5.5e6, count: 1 }]);
    expect(bin([0, 0])).toEqual([{ start: 0, end: 1, count: 2 }]);
  });

  it('keeps float noise out of the edges', () => {
    const bins = bin([0.1, 0.2, 0.3], { maxbins: 2 });
    expect(bins.map((b) => [b.start, b.end, b.count])).toEqual([
      [0.1, 0.2, 1],
      [0.2, 0.3, 2],
    ]);
  });

  it('skips non-finite values and weights', () => {
    expect(bin([])).toEqual([]);
    expect(bin([Number.NaN, Number.POSITIVE_INFINITY])).toEqual([]);
    expect(binSamples([1, 2], [Number.NaN, 1], RAW)).toEqual([{ start: 2, end: 2.2, count: 1 }]);
  });

  it('falls back to one bin where aligned bins cannot fit', () => {
    // One bin cannot start at a multiple of its width and cover both sides of zero.
    expect(bin([-1, 1], { maxbins: 1 })).toEqual([{ start: -1, end: 1, count: 2 }]);
    const huge = bin([-1e308, 1e308], { maxbins: 3 });
    expect(huge.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(huge.length).toBeLessThanOrEqual(3);
  });

  it('keeps every weight in at most maxbins contiguous bins', () => {
    fc.assert(
      fc.property(
        // Subnormal numbers only test float rounding of the shown edges: leave them out.
        fc.array(
          fc
            .double({ min: -1e12, max: 1e12, noNaN: true })
            .map((v) => (Math.abs(v) < 1e-300 ? 0 : v)),
          { minLength: 1 },
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.boolean(),
        (values, maxbins, minstep, prebinned) => {
          const bins = binSamples(values, ones(values), {
            maxbins,
            minstep,
            integer: false,
            prebinned,
          });
          expect(bins.length).toBeGreaterThanOrEqual(1);
          expect(bins.length).toBeLessThanOrEqual(maxbins);
          expect(bins.reduce((n, b) => n + b.count, 0)).toBe(values.length);
          bins.slice(1).forEach((b, i) => {
            expect(b.start).toBe(bins[i]?.end);
          });
          // Edges are rounded to 12 significant digits of the largest magnitude around.
          const lo = Math.min(...values);
          const hi = Math.max(...values);
          const slack = Math.max(Math.abs(lo), Math.abs(hi)) * 1e-11;
          expect(bins[0]?.start).toBeLessThanOrEqual(lo + slack);
          expect(bins.at(-1)?.end).toBeGreaterThanOrEqual(hi - slack);
        },
      ),
    );
  });
});
