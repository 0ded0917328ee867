import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith, type RequestRow } from '../../exec/testing/fixture.js';
import { call, col, float, int, type Expr } from '../../plan/expr.js';

const rows = requestRows(50);
const store = storeWith(rows);

const cases: [string, Expr, (r: RequestRow) => number | string][] = [
  ['floor', call('floor', col('ratio')), (r) => Math.floor(r.ratio)],
  ['ceil', call('ceil', col('ratio')), (r) => Math.ceil(r.ratio)],
  [
    'abs',
    call('abs', { kind: 'Binary', op: '-', left: col('ratio'), right: float(0.5) }),
    (r) => Math.abs(r.ratio - 0.5),
  ],
  ['sqrt', call('sqrt', col('latency')), (r) => Math.sqrt(r.latency)],
  ['pow', call('pow', col('ratio'), int(3)), (r) => r.ratio ** 3],
  ['ln', call('ln', col('latency')), (r) => Math.log(r.latency)],
  ['log10', call('log10', col('latency')), (r) => Math.log10(r.latency)],
  ['log2', call('log2', col('latency')), (r) => Math.log2(r.latency)],
  ['log(b, x)', call('log', int(10), col('latency')), (r) => Math.log(r.latency) / Math.log(10)],
  ['exp', call('exp', col('ratio')), (r) => Math.exp(r.ratio)],
  ['round (text)', call('round', col('ratio'), int(2)), (r) => r.ratio.toFixed(2)],
  ['bin of ints', call('bin', col('latency'), int(1000)), (r) => r.latency - (r.latency % 1000)],
  [
    'modulo',
    { kind: 'Binary', op: '%', left: col('latency'), right: int(7) },
    (r) => r.latency % 7,
  ],
  ['negation', { kind: 'Unary', op: '-', operand: col('bytes') }, (r) => -r.bytes],
  ['bitwise not', { kind: 'Unary', op: '~', operand: col('bytes') }, (r) => ~r.bytes],
];

describe('math functions', () => {
  it.each(cases)('%s matches Math per row', (_name, expr, expected) => {
    const got = evaluate(store, expr).values;
    rows.forEach((r, i) => {
      const want = expected(r);
      if (typeof want === 'string') expect(got[i]).toBe(want);
      else expect(got[i] as number).toBeCloseTo(want, 9);
    });
  });

  it('floor and ceil give INT64; abs keeps the unit; division makes FLOAT64', () => {
    expect(evaluate(store, call('floor', col('ratio'))).field.type).toBe('INT64');
    expect(evaluate(store, call('abs', col('latency'))).field).toMatchObject({
      type: 'INT64',
      semantic: 'ST_DURATION_NS',
    });
    expect(
      evaluate(store, { kind: 'Binary', op: '/', left: col('bytes'), right: int(2) }).field,
    ).toMatchObject({
      type: 'FLOAT64',
      semantic: 'ST_NONE',
    });
  });

  it('infers throughput and keeps units under + and - like Pixie', () => {
    const per = (left: Expr): Expr => ({
      kind: 'Binary',
      op: '/',
      left,
      right: call('DurationNanos', int(1_000_000_000)),
    });
    expect(evaluate(store, per(int(5))).field.semantic).toBe('ST_THROUGHPUT_PER_NS');
    expect(evaluate(store, per(col('bytes'))).field.semantic).toBe('ST_THROUGHPUT_BYTES_PER_NS');
    expect(
      evaluate(store, { kind: 'Binary', op: '+', left: col('latency'), right: col('latency') })
        .field.semantic,
    ).toBe('ST_DURATION_NS');
    expect(
      evaluate(store, { kind: 'Binary', op: '+', left: col('latency'), right: col('bytes') }).field
        .semantic,
    ).toBe('ST_NONE');
  });

  it('semantic casts change only the semantic type', () => {
    const cast = evaluate(store, call('Bytes', col('latency')));
    expect(cast.field).toEqual({ name: 'out', type: 'INT64', semantic: 'ST_BYTES' });
    expect(cast.values).toEqual(rows.map((r) => r.latency));
    expect(evaluate(store, call('Percent', col('ratio'))).field.semantic).toBe('ST_PERCENT');
  });

  it('refuses operators on the wrong types', () => {
    expect(() =>
      evaluate(store, { kind: 'Binary', op: '*', left: col('service'), right: int(2) }),
    ).toThrow("'*' does not apply to STRING and INT64");
    expect(() =>
      evaluate(store, { kind: 'Binary', op: '&', left: col('ok'), right: col('status') }),
    ).toThrow(/does not apply/);
    expect(() => evaluate(store, { kind: 'Unary', op: 'not', operand: col('service') })).toThrow(
      /does not apply/,
    );
  });
});
