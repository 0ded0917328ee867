import { describe, expect, it } from 'vitest';
import { binary, bool, call, col, exprKey, float, int, list, str, time, unary } from './expr.js';

describe('plan expressions', () => {
  it('are plain data a compiler can build and compare', () => {
    const expr = binary('>=', col('resp_status'), int(400));
    expect(expr).toEqual({
      kind: 'Binary',
      op: '>=',
      left: { kind: 'Column', name: 'resp_status' },
      right: { kind: 'Literal', type: 'INT64', value: 400 },
    });
    expect(JSON.parse(JSON.stringify(call('contains', col('p'), str('/api'))))).toEqual(
      call('contains', col('p'), str('/api')),
    );
  });

  it('have a text key that tells apart every difference that matters', () => {
    const keys = [
      col('a'),
      col('b'),
      int(1),
      float(1),
      str('1'),
      bool(true),
      time(1n),
      unary('-', col('a')),
      binary('+', col('a'), int(1)),
      binary('-', col('a'), int(1)),
      call('f', col('a')),
      call('f', col('a'), col('b')),
      list(int(1), int(2)),
    ].map(exprKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(exprKey(binary('/', col('latency'), int(1e6)))).toBe(
      exprKey(binary('/', col('latency'), int(1e6))),
    );
    expect(exprKey(col('a b'))).not.toBe(exprKey(col('a')));
  });
});
