import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { call, col, str } from '../../plan/expr.js';

const rows = requestRows(25);
const store = storeWith(rows);

describe('script_reference', () => {
  it('builds the link JSON per row from columns and constants', () => {
    const expr = call(
      'script_reference',
      col('service'),
      str('px/service'),
      str('start_time'),
      str('-5m'),
      str('service'),
      col('service'),
      str('status'),
      col('status'),
      str('ok'),
      col('ok'),
    );
    const result = evaluate(store, expr);
    expect(result.field.semantic).toBe('ST_SCRIPT_REFERENCE');
    expect(result.field.type).toBe('STRING');
    expect(result.values).toEqual(
      rows.map(
        (r) =>
          `{"label":"${r.service}","script":"px/service","args":{"start_time":"-5m",` +
          `"service":"${r.service}","status":"${r.status}","ok":"${r.ok}"}}`,
      ),
    );
  });

  it('takes no dict at all, and keeps names such as __proto__ as plain keys', () => {
    expect(evaluate(store, call('script_reference', str('x'), str('px/y'))).values[0]).toBe(
      '{"label":"x","script":"px/y","args":{}}',
    );
    const odd = call('script_reference', str('x'), str('px/y'), str('__proto__'), str('v'));
    expect(evaluate(store, odd).values[0]).toBe(
      '{"label":"x","script":"px/y","args":{"__proto__":"v"}}',
    );
  });

  it('wants constant argument names and a value for each', () => {
    const message = /px.script_reference takes \(STRING, STRING, dict of names to values\)/;
    expect(() =>
      evaluate(store, call('script_reference', str('x'), str('s'), col('service'), str('v'))),
    ).toThrow(message);
    expect(() => evaluate(store, call('script_reference', str('x'), str('s'), str('k')))).toThrow(
      message,
    );
    expect(() => evaluate(store, call('script_reference', col('status'), str('s')))).toThrow(
      message,
    );
  });
});
