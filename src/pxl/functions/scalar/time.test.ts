import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith, T0 } from '../../exec/testing/fixture.js';
import { binary, call, col, int, str, time } from '../../plan/expr.js';
import { formatDuration, parseDuration } from '../duration.js';

const rows = requestRows(40);
const store = storeWith(rows);

describe('time functions', () => {
  it('now() is the query clock, the same for every row', () => {
    const now = T0 + 123n;
    const got = evaluate(store, call('now'), { nowNs: now });
    expect(got.field.type).toBe('TIME64NS');
    expect(new Set(got.values)).toEqual(new Set([now]));
    const recent = evaluate(
      store,
      binary('>', col('time_'), binary('-', call('now'), call('minutes', int(5)))),
      {
        nowNs: rows[20]?.time ?? 0n,
      },
    );
    expect(recent.values).toEqual(
      rows.map((r) => r.time > (rows[20]?.time ?? 0n) - 300_000_000_000n),
    );
  });

  it('duration helpers give INT64 nanoseconds with a duration type', () => {
    const units: [string, number][] = [
      ['days', 86_400e9],
      ['hours', 3600e9],
      ['minutes', 60e9],
      ['seconds', 1e9],
      ['milliseconds', 1e6],
      ['microseconds', 1e3],
    ];
    for (const [fn, ns] of units) {
      const got = evaluate(store, call(fn, int(3)));
      expect(got.values[0]).toBe(3 * ns);
      expect(got.field).toMatchObject({ type: 'INT64', semantic: 'ST_DURATION_NS' });
    }
  });

  it('parse_duration reads signed durations and refuses others at check time', () => {
    expect(evaluate(store, call('parse_duration', str('-5m'))).values[0]).toBe(-300e9);
    expect(() => evaluate(store, call('parse_duration', str('5 parsecs')))).toThrow(
      /not a duration/,
    );
    const cases: [string, number | undefined][] = [
      ['30s', 30e9],
      ['1h30m', 5400e9],
      ['-24h', -86_400e9],
      ['7d', 604_800e9],
      ['250ms', 250e6],
      ['10us', 10e3],
      ['1.5s', 1.5e9],
      ['', undefined],
      ['5', undefined],
      ['m5', undefined],
    ];
    for (const [text, ns] of cases) expect(parseDuration(text)).toBe(ns);
  });

  it('format_duration writes Go-style durations', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [750, '750ns'],
      [1500, '1.5µs'],
      [12_300_000, '12.3ms'],
      [3_723_500_000_000, '1h2m3.5s'],
      [-90e9, '-1m30s'],
    ];
    for (const [ns, text] of cases) expect(formatDuration(ns)).toBe(text);
    expect(evaluate(store, call('format_duration', int(90e9))).values[0]).toBe('1m30s');
  });

  it('time_to_int64 and int64_to_time convert exactly within 2^53', () => {
    const small = 1_234_567_891_234n;
    expect(evaluate(store, call('time_to_int64', time(small))).values[0]).toBe(Number(small));
    expect(evaluate(store, call('int64_to_time', int(Number(small)))).values[0]).toBe(small);
    const ages = evaluate(store, binary('-', col('time_'), call('int64_to_time', int(0))));
    expect(ages.field.type).toBe('INT64');
  });

  it('bins times exactly, to the bin start, on chunks with different bases', () => {
    const got = evaluate(store, call('bin', col('time_'), call('seconds', int(10))));
    expect(got.values).toEqual(rows.map((r) => r.time - (r.time % 10_000_000_000n)));
    expect(() => evaluate(store, call('bin', col('time_'), col('latency')))).toThrow(
      /must be a constant/,
    );
    expect(() => evaluate(store, call('bin', col('time_'), int(0)))).toThrow(
      /between 1 ns and 52 days/,
    );
  });

  it('compares times with times and with integer nanoseconds', () => {
    const pivot = rows[13]?.time ?? 0n;
    expect(evaluate(store, binary('<=', col('time_'), time(pivot))).values).toEqual(
      rows.map((r) => r.time <= pivot),
    );
    expect(evaluate(store, binary('>', col('time_'), int(0))).values.every((v) => v === true)).toBe(
      true,
    );
    expect(
      evaluate(store, binary('==', col('time_'), time(pivot))).values.filter((v) => v === true),
    ).toHaveLength(1);
  });
});
