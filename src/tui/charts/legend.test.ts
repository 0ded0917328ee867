import { describe, expect, it } from 'vitest';
import { legendRow } from './legend.js';
import { rowText } from './segments.js';
import { numberColumn, resultTable, stringColumn, timeColumn } from './testing/chart-table.js';
import { extractSeries } from './timeseries-data.js';

describe('legendRow', () => {
  const table = resultTable([
    timeColumn([0, 0, 0]),
    stringColumn('service', ['web', 'db', 'cache']),
    numberColumn('bytes', [2048, 512, 10], 'ST_BYTES'),
  ]);
  const spec = { timeseries: [{ value: 'bytes', series: 'service' }] };

  it('shows each series in its colour with its latest value formatted', () => {
    const row = legendRow(extractSeries(table, spec), 80);
    expect(rowText(row)).toBe('● cache 10 B  ● db 512 B  ● web 2.0 KiB');
    expect(row.filter((s) => s.text === '●').map((s) => s.colorIndex)).toEqual([0, 1, 2]);
  });

  it('counts dropped series and fits the width', () => {
    const data = extractSeries(table, spec, 1);
    expect(rowText(legendRow(data, 80))).toBe('● web 2.0 KiB  +2 more');
    expect(rowText(legendRow(data, 8))).toBe('● web 2…');
  });
});
