import { describe, expect, it } from 'vitest';
import type { ResultColumn } from '../../pxl/exec/result.js';
import {
  extractHistogram,
  histogramBars,
  parseHistogramSpec,
  type Histogram,
} from './histogram-data.js';
import { numberColumn, resultTable, stringColumn } from './testing/chart-table.js';

const int64 = (name: string, values: readonly number[]): ResultColumn => ({
  name,
  type: 'INT64',
  semantic: 'ST_NONE',
  values: Float64Array.from(values),
});
const latencies = resultTable([
  stringColumn('service', ['web', 'web', 'db', 'db', 'web']),
  numberColumn('latency', [1e6, 3e6, 12e6, 15e6, 4e6], 'ST_DURATION_NS'),
]);

describe('parseHistogramSpec', () => {
  it('reads the histogram fields and the title', () => {
    const raw = {
      '@type': 'types.px.dev/px.vispb.HistogramChart',
      histogram: { value: 'v', prebinCount: 'n', maxbins: 20, minstep: 0.5, horizontal: true },
      title: 'Latency',
    };
    expect(parseHistogramSpec(raw)).toEqual({
      value: 'v',
      prebinCount: 'n',
      maxbins: 20,
      minstep: 0.5,
      title: 'Latency',
    });
  });

  it('takes int64 fields written as strings and drops non-positive ones', () => {
    expect(parseHistogramSpec({ histogram: { value: 'v', maxbins: '12' } })).toEqual({
      value: 'v',
      maxbins: 12,
    });
    expect(
      parseHistogramSpec({ histogram: { value: 'v', maxbins: -3, minstep: 'x', prebinCount: '' } }),
    ).toEqual({ value: 'v' });
  });

  it('gives undefined without a value column', () => {
    expect(parseHistogramSpec({ histogram: { maxbins: 3 } })).toBeUndefined();
    expect(parseHistogramSpec('histogram')).toBeUndefined();
  });
});

describe('extractHistogram', () => {
  it('bins the value column and keeps its units for the edges', () => {
    const histogram = extractHistogram(latencies, { value: 'latency' }, 3);
    expect(histogram.bins).toEqual([
      { start: 0, end: 5e6, count: 3 },
      { start: 5e6, end: 10e6, count: 0 },
      { start: 10e6, end: 15e6, count: 2 },
    ]);
    expect(histogram.column).toEqual({ type: 'FLOAT64', semantic: 'ST_DURATION_NS' });
    expect(histogram.countColumn).toEqual({ type: 'INT64', semantic: 'ST_NONE' });
  });

  it('bins only the given rows', () => {
    const histogram = extractHistogram(latencies, { value: 'latency' }, 3, [0, 1, 4]);
    expect(histogram.bins.reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(histogram.bins[0]?.start).toBe(1e6);
  });

  it('weighs pre-binned rows by their count column and formats counts by it', () => {
    const table = resultTable([int64('latency_ms', [0, 50, 100]), int64('count', [7, 2, 1])]);
    const histogram = extractHistogram(
      table,
      { value: 'latency_ms', prebinCount: 'count', minstep: 50 },
      10,
    );
    expect(histogram.bins).toEqual([
      { start: 0, end: 50, count: 7 },
      { start: 50, end: 100, count: 2 },
      { start: 100, end: 150, count: 1 },
    ]);
    expect(histogram.countColumn).toEqual({ type: 'INT64', semantic: 'ST_NONE' });
  });

  it('gives no bins for a missing or non-numeric value or count column', () => {
    expect(extractHistogram(latencies, { value: 'absent' }, 5).bins).toEqual([]);
    expect(extractHistogram(latencies, { value: 'service' }, 5).bins).toEqual([]);
    const counted = { value: 'latency', prebinCount: 'absent' };
    expect(extractHistogram(latencies, counted, 5).bins).toEqual([]);
    const textCounts = { value: 'latency', prebinCount: 'service' };
    expect(extractHistogram(latencies, textCounts, 5).bins).toEqual([]);
  });
});

describe('histogramBars', () => {
  it('labels each bin with its range, starts aligned, and counts as values', () => {
    const histogram: Histogram = {
      bins: [
        { start: 0, end: 5e6, count: 3 },
        { start: 5e6, end: 10e6, count: 0 },
        { start: 10e6, end: 15e6, count: 2 },
      ],
      column: { type: 'FLOAT64', semantic: 'ST_DURATION_NS' },
      countColumn: { type: 'INT64', semantic: 'ST_NONE' },
    };
    const data = histogramBars(histogram);
    expect(data.bars.map((b) => [b.label, b.total])).toEqual([
      [' 0 ns – 5 ms', 3],
      [' 5 ms – 10 ms', 0],
      ['10 ms – 15 ms', 2],
    ]);
    expect(data.stacks).toEqual([]);
    expect(data.column).toBe(histogram.countColumn);
  });
});
