import { describe, expect, it } from 'vitest';
import { httpEvents } from '../store/index.js';
import {
  formatCompact,
  formatDurationNs,
  formatFloat,
  formatTimeNs,
  formatUpid,
  formatValue,
  type ValueColumn,
} from './value-format.js';

const col = (name: string): ValueColumn => {
  const spec = httpEvents.columns.find((c) => c.name === name);
  if (spec === undefined) throw new Error(name);
  return spec;
};

describe('formatCompact', () => {
  const throughput: ValueColumn = { type: 'FLOAT64', semantic: 'ST_THROUGHPUT_PER_NS' };
  it('rounds numbers to three significant digits, keeping their units', () => {
    expect(formatCompact(30.1694e-9, throughput)).toBe('30.2 /sec');
    expect(formatCompact(0.031234, { type: 'FLOAT64', semantic: 'ST_PERCENT' })).toBe('3.12%');
    expect(formatCompact(1_234_567, col('latency'))).toBe('1.23 ms');
  });

  it('keeps plain counts exact and other kinds as formatValue shows them', () => {
    expect(formatCompact(123_456, { type: 'INT64', semantic: 'ST_NONE' })).toBe('123456');
    expect(formatCompact('GET', col('req_method'))).toBe('GET');
    expect(formatCompact(NaN, throughput)).toBe(formatValue(NaN, throughput));
  });
});

describe('formatValue by semantic type', () => {
  it.each([
    [1, '1 ns'],
    [1234, '1.23 µs'],
    [1_500_000, '1.5 ms'],
    [999_999_999, '1000 ms'],
    [2_000_000_000, '2 s'],
    [90e9, '1 min 30 s'],
    [2 * 3600e9 + 5 * 60e9, '2 hours 5 min'],
    [3 * 86_400e9 + 4 * 3600e9, '3 days 4 hours'],
    [-1_500_000, '-1.5 ms'],
  ])('duration %d ns → %s', (ns, text) => {
    expect(formatDurationNs(ns)).toBe(text);
  });

  it('formats columns from their schema: latency, sizes, upid, time, trace_role', () => {
    expect(formatValue(3_400_000, col('latency'))).toBe('3.4 ms');
    expect(formatValue(1536, col('resp_body_size'))).toBe('1.5 KiB');
    expect(formatValue(2, col('trace_role'))).toBe('server');
    expect(formatValue(404, col('resp_status'))).toBe('404');
    expect(formatValue('GET', col('req_method'))).toBe('GET');
    expect(formatValue((1n << 64n) | 42n, col('upid'))).toBe(
      '00000000-0000-0001-0000-00000000002a',
    );
    expect(formatValue(1_704_207_845_123_456_789n, col('time_'))).toBe(
      '2024-01-02 15:04:05.123 +0000 UTC',
    );
  });

  it('formats percents, throughput and quantiles', () => {
    expect(formatValue(0.1234, { type: 'FLOAT64', semantic: 'ST_PERCENT' })).toBe('12.34%');
    expect(formatValue(2.5e-8, { type: 'FLOAT64', semantic: 'ST_THROUGHPUT_PER_NS' })).toBe(
      '25 /sec',
    );
    expect(formatValue(1024e-9, { type: 'FLOAT64', semantic: 'ST_THROUGHPUT_BYTES_PER_NS' })).toBe(
      '1.0 KiB/sec',
    );
    expect(
      formatValue('{"p99":2000000,"p50":1000}', {
        type: 'STRING',
        semantic: 'ST_DURATION_NS_QUANTILES',
      }),
    ).toBe('p50: 1 µs, p99: 2 ms');
  });

  it('shows a script reference as its label only', () => {
    const link = { type: 'STRING', semantic: 'ST_SCRIPT_REFERENCE' } as const;
    const json = '{"label":"host/api","script":"px/service","args":{"service":"host/api"}}';
    expect(formatValue(json, link)).toBe('host/api');
    expect(formatValue('not json', link)).toBe('not json');
    expect(formatValue('{"label":7}', link)).toBe('{"label":7}');
  });

  it('prints floats like %g with 6 significant digits', () => {
    expect(formatFloat(1 / 3)).toBe('0.333333');
    expect(formatFloat(1234567.89)).toBe('1.23457e+06');
    expect(formatFloat(0.00001234)).toBe('1.234e-05');
    expect(formatFloat(2.5)).toBe('2.5');
    expect(formatFloat(100)).toBe('100');
    expect(formatTimeNs(0n)).toBe('1970-01-01 00:00:00.000 +0000 UTC');
    expect(formatUpid(0n)).toBe('00000000-0000-0000-0000-000000000000');
  });
});
