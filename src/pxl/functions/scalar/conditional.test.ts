import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { binary, call, col, float, int, list, str, time } from '../../plan/expr.js';

const rows = requestRows(50);
const store = storeWith(rows);
const isError = binary('>=', col('status'), int(400));

describe('select', () => {
  it('picks numbers, widening INT64 and FLOAT64 to FLOAT64', () => {
    const got = evaluate(store, call('select', isError, col('latency'), col('ratio')));
    expect(got.field.type).toBe('FLOAT64');
    expect(got.values).toEqual(rows.map((r) => (r.status >= 400 ? r.latency : r.ratio)));
  });

  it('picks strings from two columns with different dictionaries', () => {
    expect(evaluate(store, call('select', isError, col('service'), col('path'))).values).toEqual(
      rows.map((r) => (r.status >= 400 ? r.service : r.path)),
    );
    expect(evaluate(store, call('select', col('ok'), str('fine'), col('service'))).values).toEqual(
      rows.map((r) => (r.ok ? 'fine' : r.service)),
    );
  });

  it('picks times exactly and keeps a shared semantic type', () => {
    const dayBefore = (rows[0]?.time ?? 0n) - 86_400_000_000_001n;
    expect(evaluate(store, call('select', isError, col('time_'), time(dayBefore))).values).toEqual(
      rows.map((r) => (r.status >= 400 ? r.time : dayBefore)),
    );
    // One batch holds times within 2^52 ns (52 days) of its base: further apart is refused.
    expect(() => evaluate(store, call('select', isError, col('time_'), time(0n)))).toThrow(
      /52 days/,
    );
    expect(
      evaluate(store, call('select', col('ok'), col('latency'), col('latency'))).field.semantic,
    ).toBe('ST_DURATION_NS');
  });

  it('with a constant condition returns one side', () => {
    expect(
      evaluate(
        store,
        call(
          'select',
          { kind: 'Literal', type: 'BOOLEAN', value: false },
          col('latency'),
          float(1.5),
        ),
      ).values,
    ).toEqual(rows.map(() => 1.5));
  });

  it('refuses branches of different types', () => {
    expect(() => evaluate(store, call('select', isError, col('service'), col('latency')))).toThrow(
      /px.select takes/,
    );
  });
});

describe('equals_any', () => {
  it('tests membership in a constant list of strings or numbers', () => {
    expect(
      evaluate(store, call('equals_any', col('service'), list(str('cart'), str('auth')))).values,
    ).toEqual(rows.map((r) => r.service === 'cart' || r.service === 'auth'));
    expect(
      evaluate(store, call('equals_any', col('status'), list(int(404), int(500)))).values,
    ).toEqual(rows.map((r) => r.status === 404 || r.status === 500));
  });

  it('needs a list of the value type', () => {
    expect(() => evaluate(store, call('equals_any', col('service'), list(int(1))))).toThrow(
      /equals_any takes/,
    );
    expect(() => evaluate(store, call('equals_any', col('service'), str('cart')))).toThrow(
      /equals_any takes/,
    );
    expect(() =>
      evaluate(store, call('equals_any', col('status'), list(int(1), str('x')))),
    ).toThrow(/one type/);
  });
});
