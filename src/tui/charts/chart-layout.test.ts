import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutChart } from './chart-layout.js';
import { rowText } from './segments.js';
import { numberColumn, resultTable, stringColumn, timeColumn } from './testing/chart-table.js';
import { extractSeries } from './timeseries-data.js';

const table = resultTable([
  timeColumn([0, 10, 20, 0, 10, 20]),
  stringColumn('service', ['web', 'web', 'web', 'db', 'db', 'db']),
  numberColumn('p99', [1e6, 3e6, 2e6, 5e6, 4e6, 6e6], 'ST_DURATION_NS'),
]);
const data = extractSeries(table, { timeseries: [{ value: 'p99', series: 'service' }] });
const lines = (heading: string, width: number, height: number): string[] =>
  layoutChart(data, heading, width, height).map(rowText);

describe('layoutChart', () => {
  it('stacks the heading, the chart and the legend in exactly the height', () => {
    const rows = lines('Latency', 40, 8);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toBe('Latency');
    expect(rows[1]?.startsWith('6 ms┤')).toBe(true);
    expect(rows[6]).toBe(`    └22:13:20${'─'.repeat(19)}22:13:40`);
    expect(rows[7]).toBe('● db 6 ms  ● web 2 ms');
  });

  it('shows the heading and a summary when the chart has no room', () => {
    expect(lines('Latency', 40, 3)).toEqual(['Latency', '● db 6 ms  ● web 2 ms']);
    expect(lines('Latency', 40, 1)).toEqual(['● db 6 ms  ● web 2 ms']);
  });

  it('shows no legend under "no data yet"', () => {
    const empty = extractSeries(resultTable([]), { timeseries: [] });
    expect(layoutChart(empty, 'Latency', 40, 8).map(rowText)).toEqual(['Latency', 'no data yet']);
  });

  it('never renders more lines than its height', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 30 }), (w, h) => {
        const rows = lines('Latency (p99)', w, h);
        expect(rows.length).toBeLessThanOrEqual(h);
        for (const row of rows) expect(Array.from(row).length).toBeLessThanOrEqual(w);
      }),
    );
  });
});
