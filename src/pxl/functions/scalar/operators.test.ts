import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { binary, call, col, float, int, str, unary, type Expr } from '../../plan/expr.js';

const rows = requestRows(50);
const store = storeWith(rows);
const values = (expr: Expr) => evaluate(store, expr).values;
const one = (expr: Expr) => values(expr)[0];

describe("Pixie's operator functions", () => {
  it('give the same values as the operators they name', () => {
    const pairs: [string, Expr, Expr][] = [
      ['equal', col('status'), int(200)],
      ['equal', col('service'), str('cart')],
      ['notEqual', col('path'), str('/')],
      ['lessThan', col('latency'), int(100_000)],
      ['lessThanEqual', col('bytes'), int(2500)],
      ['greaterThan', col('ratio'), float(0.5)],
      ['greaterThanEqual', col('time_'), col('time_')],
      ['add', col('latency'), col('bytes')],
      ['add', col('service'), col('path')],
      ['subtract', col('latency'), int(7)],
      ['multiply', col('ratio'), int(3)],
      ['divide', col('bytes'), int(4)],
      ['modulo', col('latency'), int(1000)],
    ];
    const ops: Record<string, Parameters<typeof binary>[0]> = {
      equal: '==',
      notEqual: '!=',
      lessThan: '<',
      lessThanEqual: '<=',
      greaterThan: '>',
      greaterThanEqual: '>=',
      add: '+',
      subtract: '-',
      multiply: '*',
      divide: '/',
      modulo: '%',
    };
    for (const [fn, a, b] of pairs) {
      const viaFunction = evaluate(store, call(fn, a, b));
      const viaOperator = evaluate(store, binary(ops[fn] as '==', a, b));
      expect(viaFunction, fn).toEqual(viaOperator);
    }
    expect(values(call('equal', col('status'), int(404)))).toEqual(
      rows.map((r) => r.status === 404),
    );
    expect(evaluate(store, call('divide', int(7), int(2))).field.type).toBe('FLOAT64');
  });

  it('compare two floats within machine epsilon, as Pixie’s equal does', () => {
    const sum = binary('+', float(0.1), float(0.2));
    expect(one(binary('==', sum, float(0.3)))).toBe(false);
    expect(one(call('equal', sum, float(0.3)))).toBe(true);
    expect(one(call('notEqual', sum, float(0.3)))).toBe(false);
    expect(one(call('approxEqual', sum, float(0.3)))).toBe(true);
    expect(one(call('approxEqual', float(1), float(1.0001)))).toBe(false);
    expect(values(call('equal', col('ratio'), col('ratio')))).toEqual(rows.map(() => true));
    expect(values(call('approxEqual', col('ratio'), float(0.5)))).toEqual(
      rows.map((r) => r.ratio === 0.5),
    );
  });

  it('negate numbers keeping their type and semantic type; refuse booleans', () => {
    const negated = evaluate(store, call('negate', col('latency')));
    expect(negated.values).toEqual(rows.map((r) => -r.latency));
    expect(negated.field).toMatchObject({ type: 'INT64', semantic: 'ST_DURATION_NS' });
    expect(values(call('negate', col('ratio')))).toEqual(rows.map((r) => -r.ratio));
    expect(() => values(call('negate', col('ok')))).toThrow(
      'px.negate takes (INT64|FLOAT64), got (BOOLEAN)',
    );
    expect(one(call('invert', int(5)))).toBe(-6);
  });

  it('logical functions take booleans or integers (non-zero is true)', () => {
    const notFound = binary('==', col('status'), int(404));
    expect(values(call('logicalAnd', col('ok'), notFound))).toEqual(rows.map(() => false));
    expect(values(call('logicalOr', col('ok'), notFound))).toEqual(
      rows.map((r) => r.ok || r.status === 404),
    );
    expect(values(call('logicalNot', col('ok')))).toEqual(rows.map((r) => !r.ok));
    const remainder = binary('%', col('bytes'), int(2));
    expect(values(call('logicalAnd', remainder, col('ok')))).toEqual(
      rows.map((r) => r.bytes % 2 !== 0 && r.ok),
    );
    expect(values(call('logicalNot', remainder))).toEqual(rows.map((r) => r.bytes % 2 === 0));
    expect(values(unary('not', col('ok')))).toEqual(values(call('logicalNot', col('ok'))));
    expect(() => values(call('logicalOr', col('ratio'), col('ok')))).toThrow(
      'px.logicalOr takes (BOOLEAN|INT64, BOOLEAN|INT64), got (FLOAT64, BOOLEAN)',
    );
  });

  it('report operand types the operator refuses', () => {
    expect(() => values(call('equal', col('service'), int(1)))).toThrow(
      "px.equal: '==' does not apply to STRING and INT64",
    );
    expect(() => values(call('add', col('service')))).toThrow(
      'px.add takes 2 values, got (STRING)',
    );
  });
});
