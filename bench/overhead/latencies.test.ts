import { describe, expect, it } from 'vitest';
import { Latencies } from './latencies.js';

describe('Latencies', () => {
  it('gives nearest-rank percentiles of what was recorded', () => {
    const latencies = new Latencies(100);
    for (let us = 100; us >= 1; us--) latencies.record(us);
    expect(latencies.size).toBe(100);
    expect(latencies.percentiles([0.5, 0.99, 1])).toEqual([50, 99, 100]);
  });

  it('ignores values beyond its capacity, and has no percentiles when empty', () => {
    const latencies = new Latencies(2);
    for (const us of [3, 1, 1000]) latencies.record(us);
    expect(latencies.percentiles([1])).toEqual([3]);
    expect(new Latencies(4).percentiles([0.5])).toEqual([Number.NaN]);
  });
});
