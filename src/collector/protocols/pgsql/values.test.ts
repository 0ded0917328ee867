import { describe, expect, it } from 'vitest';
import { be, concat } from '../../../../test/sql/pgsql-wire.js';
import { NULL_TEXT, valueText } from './values.js';

const f64 = (n: number): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setFloat64(0, n);
  return out;
};

const i64 = (n: bigint): Uint8Array => {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, n);
  return out;
};

describe('PostgreSQL values', () => {
  it('shows text-format values as sent and NULL as Pixie does', () => {
    expect(valueText(new TextEncoder().encode('Jason'), 0, 23)).toBe('Jason');
    expect(valueText(null, 1, 23)).toBe(NULL_TEXT);
  });

  it('decodes common binary types by OID', () => {
    expect(valueText(be(-5, 2), 1, 21)).toBe('-5');
    expect(valueText(be(123456, 4), 1, 23)).toBe('123456');
    expect(valueText(i64(-9007199254740993n), 1, 20)).toBe('-9007199254740993');
    expect(valueText(Uint8Array.of(0), 1, 16)).toBe('f');
    expect(valueText(f64(0.1), 1, 701)).toBe('0.1');
    expect(valueText(concat(Uint8Array.of(1), new TextEncoder().encode('{"a":1}')), 1, 3802)).toBe(
      '{"a":1}',
    );
    expect(
      valueText(
        Uint8Array.from({ length: 16 }, (_, i) => i),
        1,
        2950,
      ),
    ).toBe('00010203-0405-0607-0809-0a0b0c0d0e0f');
    expect(valueText(be(-1, 4), 1, 1082)).toBe('1999-12-31');
    expect(valueText(i64(1_500_000n), 1, 1114)).toBe('2000-01-01 00:00:01.5');
    expect(valueText(i64(0n), 1, 1184)).toBe('2000-01-01 00:00:00+00');
  });

  it('shows other binary values, and malformed ones, as bytea hex', () => {
    expect(valueText(Uint8Array.of(0xde, 0xad), 1, 17)).toBe('\\xdead');
    expect(valueText(Uint8Array.of(1, 2, 3), 1, 23)).toBe('\\x010203');
    expect(valueText(Uint8Array.of(9), 1, undefined)).toBe('\\x09');
  });
});
