import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SemanticType } from '../../store/index.js';
import { renderLineChart } from './line-chart.js';
import { rowText } from './segments.js';
import { numberColumn, resultTable, stringColumn, timeColumn } from './testing/chart-table.js';
import { extractSeries, type ChartData } from './timeseries-data.js';

function chartOf(
  seconds: readonly number[],
  values: readonly number[],
  semantic: SemanticType = 'ST_NONE',
): ChartData {
  const table = resultTable([timeColumn(seconds), numberColumn('v', values, semantic)]);
  return extractSeries(table, { timeseries: [{ value: 'v' }] });
}

const text = (data: ChartData, width: number, height: number): string[] =>
  renderLineChart(data, width, height).map(rowText);

describe('renderLineChart', () => {
  it('draws a rising line with y ticks and a bare x axis where times do not fit', () => {
    expect(text(chartOf([0, 10], [0, 4]), 8, 3)).toEqual([
      '4┤   ⣀⠔⠊', // dots (6,3) (7,3) | (8,2) (9,1) | (10,1) (11,0)
      '0┤⡠⠔⠉   ', // dots (0,7) (1,6) | (2,6) (3,5) | (4,4) (5,4)
      ' └──────',
    ]);
  });

  it('labels max, mid and min and the first and last time in UTC', () => {
    const rows = text(chartOf([0, 30], [0, 5e6], 'ST_DURATION_NS'), 30, 4);
    expect(rows.map((r) => r.split(/[┤│└]/)[0])).toEqual(['  5 ms', '2.5 ms', '  0 ns', '      ']);
    expect(rows[3]).toBe('      └22:13:20───────22:13:50');
    expect(rows.every((r) => Array.from(r).length === 30)).toBe(true);
    // Four plot rows: the middle label goes on the upper of the two middle rows.
    const even = text(chartOf([0, 30], [0, 5e6], 'ST_DURATION_NS'), 30, 5);
    expect(even.map((r) => r.split(/[┤│└]/)[0])).toEqual([
      '  5 ms',
      '2.5 ms',
      '      ',
      '  0 ns',
      '      ',
    ]);
  });

  it('formats ticks by semantic type, rounded to three digits', () => {
    const tick = (values: number[], semantic: SemanticType): string =>
      text(chartOf([0, 1], values, semantic), 40, 3)[0]
        ?.split('┤')[0]
        ?.trim() ?? '';
    expect(tick([0, 1536], 'ST_BYTES')).toBe('1.5 KiB');
    expect(tick([0, 0.25], 'ST_PERCENT')).toBe('25.00%');
    expect(tick([0, 1 / 3], 'ST_NONE')).toBe('0.333');
    expect(tick([0, 2.5e-8], 'ST_THROUGHPUT_PER_NS')).toBe('25 /sec');
  });

  it('colours each series by its index, the later series winning shared cells', () => {
    const table = resultTable([
      timeColumn([0, 10, 0, 10]),
      stringColumn('service', ['a', 'a', 'b', 'b']),
      numberColumn('v', [1, 1, 1, 1]),
    ]);
    const data = extractSeries(table, { timeseries: [{ value: 'v', series: 'service' }] });
    const top = renderLineChart(data, 6, 3)[0] ?? [];
    expect(top).toEqual([{ text: '1┤' }, { text: '⠉⠉⠉⠉', colorIndex: 1 }]);
  });

  it('puts a single point in the middle', () => {
    expect(text(chartOf([0], [2]), 6, 3)).toEqual(['2┤ ⠈  ', '0┤    ', ' └────']);
  });

  it('draws equal values as a flat line at the top with zero below', () => {
    const rows = text(chartOf([0, 10, 20], [7, 7, 7]), 6, 3);
    expect(rows.slice(0, 2)).toEqual(['7┤⠉⠉⠉⠉', '0┤    ']);
  });

  it('gives an all-zero chart a range', () => {
    expect(text(chartOf([0, 10], [0, 0]), 6, 3).slice(0, 2)).toEqual(['1┤    ', '0┤⣀⣀⣀⣀']);
  });

  it('says so when there is no data', () => {
    expect(text(chartOf([], []), 20, 5)).toEqual(['no data yet']);
    expect(text(chartOf([0, 10], [Number.NaN, Number.NaN]), 20, 5)).toEqual(['no data yet']);
  });

  it('falls back to a one-line summary when too small', () => {
    const data = chartOf([0, 10], [1, 2e6], 'ST_DURATION_NS');
    expect(text(data, 40, 2)).toEqual(['● v 2 ms']);
    expect(text(data, 9, 10)).toHaveLength(10); // "2 ms┤" leaves 4 plot columns
    expect(text(data, 8, 10)).toEqual(['● v 2 ms']);
    expect(text(data, 0, 10)).toEqual([]);
    expect(text(data, 10, 0)).toEqual([]);
  });

  it('never exceeds its width or height', () => {
    const data = chartOf([0, 5, 10, 15], [3, -2, 8e9, 0.5], 'ST_DURATION_NS');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 }), (w, h) => {
        const rows = text(data, w, h);
        expect(rows.length).toBeLessThanOrEqual(h);
        for (const row of rows) expect(Array.from(row).length).toBeLessThanOrEqual(w);
      }),
    );
  });
});
