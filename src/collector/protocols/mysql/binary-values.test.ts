import { describe, expect, it } from 'vitest';
import { bytes, concat, le, lenencString } from '../../../../test/sql/mysql-wire.js';
import { FIELD_TYPE, readBinaryValue } from './binary-values.js';
import { WireReader } from './wire-reader.js';

const read = (type: number, value: Uint8Array, unsigned = false): string | undefined =>
  readBinaryValue(new WireReader(value), type, unsigned);

const float32 = (n: number): Uint8Array => new Uint8Array(new Float32Array([n]).buffer);

describe('MySQL binary-protocol values', () => {
  it('reads integers of every width, signed and unsigned', () => {
    expect(read(FIELD_TYPE.tiny, bytes(0xff))).toBe('-1');
    expect(read(FIELD_TYPE.tiny, bytes(0xff), true)).toBe('255');
    expect(read(FIELD_TYPE.short, le(0x8000, 2))).toBe('-32768');
    expect(read(FIELD_TYPE.year, le(2024, 2))).toBe('2024');
    expect(read(FIELD_TYPE.int24, le(0xfffffffe, 4))).toBe('-2');
    expect(read(FIELD_TYPE.long, le(0xfffffffe, 4), true)).toBe('4294967294');
    expect(read(FIELD_TYPE.longlong, bytes(0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))).toBe(
      '-2',
    );
  });

  it('reads floats at their own precision and strings, decimals and JSON as text', () => {
    expect(read(FIELD_TYPE.float, float32(1.1))).toBe('1.1');
    expect(read(FIELD_TYPE.double, new Uint8Array(new Float64Array([-2.5e-7]).buffer))).toBe(
      '-2.5e-7',
    );
    expect(read(FIELD_TYPE.newdecimal, lenencString('12.50'))).toBe('12.50');
    expect(read(FIELD_TYPE.json, lenencString('{"a":1}'))).toBe('{"a":1}');
    expect(read(FIELD_TYPE.varString, lenencString('héllo'))).toBe('héllo');
    expect(read(FIELD_TYPE.null, new Uint8Array(0))).toBe('NULL');
  });

  it('reads packed dates, datetimes and times, short forms included', () => {
    expect(read(FIELD_TYPE.date, concat(bytes(4), le(2024, 2), bytes(1, 31)))).toBe('2024-01-31');
    expect(
      read(FIELD_TYPE.datetime, concat(bytes(7), le(1999, 2), bytes(12, 31, 23, 59, 58))),
    ).toBe('1999-12-31 23:59:58');
    expect(read(FIELD_TYPE.timestamp, bytes(0))).toBe('0000-00-00 00:00:00');
    expect(read(FIELD_TYPE.time, concat(bytes(12, 1), le(1, 4), bytes(2, 3, 4), le(5, 4)))).toBe(
      '-26:03:04.000005',
    );
    expect(read(FIELD_TYPE.time, concat(bytes(8, 0), le(0, 4), bytes(10, 0, 0)))).toBe('10:00:00');
  });

  it('returns undefined, never throws, when the bytes run out or the type is unknown', () => {
    expect(read(FIELD_TYPE.longlong, bytes(1, 2, 3))).toBeUndefined();
    expect(read(FIELD_TYPE.string, bytes(5, 0x61))).toBeUndefined();
    expect(read(FIELD_TYPE.datetime, bytes(11, 1, 2))).toBeUndefined();
    expect(read(0x42, bytes(1))).toBeUndefined();
  });
});
