import { describe, expect, it } from 'vitest';
import {
  numberColumn,
  resultTable,
  stringColumn,
  T0_NS,
  timeColumn,
} from './testing/chart-table.js';
import { extractSeries, parseTimeseriesSpec, type TimeseriesSpec } from './timeseries-data.js';

const S = 1_000_000_000n;

describe('parseTimeseriesSpec', () => {
  it('reads the service_stats Latency widget', () => {
    const spec = parseTimeseriesSpec({
      '@type': 'types.px.dev/px.vispb.TimeseriesChart',
      timeseries: [
        { value: 'p50', series: 'service', mode: 'MODE_LINE' },
        { value: 'p99', series: 'service', mode: 'MODE_LINE' },
      ],
      title: 'Latency',
      yAxis: { label: 'latency' },
    });
    expect(spec).toEqual({
      timeseries: [
        { value: 'p50', series: 'service' },
        { value: 'p99', series: 'service' },
      ],
      title: 'Latency',
      yAxisLabel: 'latency',
    });
  });

  it('tolerates missing and malformed fields', () => {
    expect(parseTimeseriesSpec(null)).toEqual({ timeseries: [] });
    expect(parseTimeseriesSpec({ timeseries: 'p50', title: 3, yAxis: [] })).toEqual({
      timeseries: [],
    });
    expect(
      parseTimeseriesSpec({ timeseries: [{ value: 'rps', series: '' }, { series: 'x' }, 7] }),
    ).toEqual({ timeseries: [{ value: 'rps' }] });
  });
});

describe('extractSeries', () => {
  const latency = resultTable([
    timeColumn([20, 0, 10, 0, 10, 20]),
    stringColumn('service', ['web', 'web', 'web', 'db', 'db', 'db']),
    numberColumn('p50', [3e6, 1e6, 2e6, 4e6, 5e6, 6e6], 'ST_DURATION_NS'),
    numberColumn('p99', [9e6, 7e6, 8e6, 10e6, 11e6, 12e6], 'ST_DURATION_NS'),
  ]);
  const both: TimeseriesSpec = {
    timeseries: [
      { value: 'p50', series: 'service' },
      { value: 'p99', series: 'service' },
    ],
  };

  it('makes one series per series value and value column, points sorted by time', () => {
    const data = extractSeries(latency, both);
    expect(data.series.map((s) => s.name)).toEqual(['db p50', 'db p99', 'web p50', 'web p99']);
    const web50 = data.series[2];
    expect(web50?.points).toEqual([
      { timeNs: T0_NS, value: 1e6 },
      { timeNs: T0_NS + 10n * S, value: 2e6 },
      { timeNs: T0_NS + 20n * S, value: 3e6 },
    ]);
    expect(web50?.latest).toBe(3e6);
    expect(web50?.column).toEqual({ type: 'FLOAT64', semantic: 'ST_DURATION_NS' });
    expect(data.axis).toEqual({ type: 'FLOAT64', semantic: 'ST_DURATION_NS' });
    expect(data.dropped).toBe(0);
  });

  it('names a series by its value alone when one column is plotted', () => {
    const data = extractSeries(latency, { timeseries: [{ value: 'p99', series: 'service' }] });
    expect(data.series.map((s) => s.name)).toEqual(['db', 'web']);
  });

  it('draws one line per value column without a series column', () => {
    const data = extractSeries(latency, { timeseries: [{ value: 'p99' }, { value: 'p50' }] });
    expect(data.series.map((s) => [s.name, s.points.length])).toEqual([
      ['p99', 6],
      ['p50', 6],
    ]);
  });

  it('keeps the series with the largest latest values and counts the rest', () => {
    const data = extractSeries(latency, both, 2);
    // Latest: db p99 12 ms, web p99 9 ms, db p50 6 ms, web p50 3 ms.
    expect(data.series.map((s) => s.name)).toEqual(['db p99', 'web p99']);
    expect(data.dropped).toBe(2);
  });

  it('skips NaN values and non-numeric or missing value columns', () => {
    const table = resultTable([
      timeColumn([0, 10, 20]),
      numberColumn('rps', [1, Number.NaN, 3]),
      stringColumn('name', ['a', 'b', 'c']),
    ]);
    const data = extractSeries(table, {
      timeseries: [{ value: 'rps' }, { value: 'name' }, { value: 'absent' }],
    });
    expect(data.series).toHaveLength(1);
    expect(data.series[0]?.points.map((p) => p.value)).toEqual([1, 3]);
  });

  it('ignores a series column that is not there', () => {
    const data = extractSeries(latency, { timeseries: [{ value: 'p50', series: 'pod' }] });
    expect(data.series.map((s) => s.name)).toEqual(['p50']);
  });

  it('gives no series without a time_ column', () => {
    const table = resultTable([numberColumn('rps', [1, 2])]);
    expect(extractSeries(table, { timeseries: [{ value: 'rps' }] })).toEqual({
      series: [],
      dropped: 0,
      axis: undefined,
    });
  });
});
