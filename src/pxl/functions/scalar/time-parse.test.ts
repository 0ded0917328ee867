import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith, T0 } from '../../exec/testing/fixture.js';
import { binary, call, col, int, str, time } from '../../plan/expr.js';

const rows = requestRows(12);
const store = storeWith(rows);
const S = 1_000_000_000n;

describe('parse_time', () => {
  it('reads relative times against the query clock, both signs, as Pixie documents', () => {
    const now = T0 + 777n;
    const at = (text: string) =>
      evaluate(store, call('parse_time', str(text)), { nowNs: now }).values[0];
    expect(at('-5m')).toBe(now - 300n * S);
    expect(at('5m')).toBe(now + 300n * S);
    expect(at('-1h30m')).toBe(now - 5400n * S);
    const got = evaluate(store, call('parse_time', str('-5m')), { nowNs: now });
    expect(got.field).toEqual({ name: 'out', type: 'TIME64NS', semantic: 'ST_NONE' });
  });

  it('reads absolute text, Unix ns and times', () => {
    const one = (arg: Parameters<typeof call>[1]) =>
      evaluate(store, call('parse_time', arg)).values[0];
    expect(one(str('2020-07-13 18:02:5.00 -0700'))).toBe(1_594_688_525_000_000_000n);
    expect(one(str('2024-01-02T15:04:05Z'))).toBe(1_704_207_845_000_000_000n);
    expect(one(int(1_700_000_000_000_000_000))).toBe(1_700_000_000_000_000_000n);
    expect(one(time(T0))).toBe(T0);
    expect(evaluate(store, call('parse_time', col('time_'))).values).toEqual(
      rows.map((r) => r.time),
    );
  });

  it('compares with time_ as Pixie scripts use it', () => {
    const now = rows[6]?.time ?? 0n;
    const recent = binary('>=', col('time_'), call('parse_time', str('-0s')));
    expect(evaluate(store, recent, { nowNs: now }).values).toEqual(rows.map((r) => r.time >= now));
  });

  it('refuses a constant that is no time, and other types, before the query runs', () => {
    expect(() => evaluate(store, call('parse_time', str('yesterday')))).toThrow(
      "px.parse_time: 'yesterday' is not a time",
    );
    expect(() => evaluate(store, call('parse_time', col('ratio')))).toThrow(
      'px.parse_time takes (STRING|INT64|TIME64NS), got (FLOAT64)',
    );
  });

  it('stops the query at a column value that is not a time, naming it', () => {
    expect(() => evaluate(store, call('parse_time', col('path')), { nowNs: T0 })).toThrow(
      /px\.parse_time: '\/\w*' is not a time/,
    );
  });
});

describe('strptime', () => {
  it("parses Pixie's example into a time", () => {
    const got = evaluate(
      store,
      call('strptime', str('2020-03-12 19:39:59 -0200'), str('%Y-%m-%d %H:%M:%S %z')),
    );
    expect(got.values[0]).toBe(1_584_049_199_000_000_000n);
    expect(got.field.type).toBe('TIME64NS');
  });

  it('reads a column with a constant format; a value that does not match stops the query', () => {
    // Paths are '/a', '/b', '/c/1', '/c/2', '/': '/c/%d' reads day 1 or 2 of January 1970.
    const onlyC = binary('==', call('substring', col('path'), int(0), int(3)), str('/c/'));
    const text = call('select', onlyC, col('path'), str('/c/1'));
    expect(evaluate(store, call('strptime', text, str('/c/%d'))).values).toEqual(
      rows.map((r) => (r.path === '/c/2' ? 86_400n * S : 0n)),
    );
    expect(() => evaluate(store, call('strptime', col('path'), str('/c/%d')))).toThrow(
      /px\.strptime: '\/[ab]?' does not match the format '\/c\/%d'/,
    );
  });

  it('checks the format and constant text before the query runs', () => {
    expect(() => evaluate(store, call('strptime', str('2024'), col('path')))).toThrow(
      'px.strptime: the format must be a constant, not a column',
    );
    expect(() => evaluate(store, call('strptime', str('2024'), str('%Q')))).toThrow(
      "px.strptime: the format '%Q' has an unknown directive %Q",
    );
    expect(() => evaluate(store, call('strptime', str('2024-02-30'), str('%Y-%m-%d')))).toThrow(
      "px.strptime: '2024-02-30' does not match the format '%Y-%m-%d'",
    );
  });
});
