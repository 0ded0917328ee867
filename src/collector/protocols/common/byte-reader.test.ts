import { describe, expect, it } from 'vitest';
import { ByteReader, readOrNull, ShortReadError } from './byte-reader.js';

describe('ByteReader', () => {
  const bytes = Uint8Array.of(0x01, 0x02, 0x03, 0x04, 0xff, 0xff, 0xff, 0xfe, 0xaa);

  it('reads big- and little-endian integers and slices', () => {
    const reader = new ByteReader(bytes);
    expect(reader.u16be()).toBe(0x0102);
    expect(reader.u16le()).toBe(0x0403);
    expect(reader.i32be()).toBe(-2);
    expect([...reader.take(1)]).toEqual([0xaa]);
    expect(reader.remaining).toBe(0);
    reader.seek(0);
    expect(reader.u32be()).toBe(0x01020304);
    reader.seek(0);
    expect(reader.u24le()).toBe(0x030201);
    expect(reader.u32le()).toBe(0xffffff04);
  });

  it('throws ShortReadError past the end and leaves the offset alone', () => {
    const reader = new ByteReader(bytes, 8);
    expect(() => reader.u16be()).toThrow(ShortReadError);
    expect(reader.offset).toBe(8);
    expect(() => reader.take(-1)).toThrow(ShortReadError);
    expect(() => reader.seek(10)).toThrow(ShortReadError);
  });

  it('maps short reads to null and lets other errors through', () => {
    expect(readOrNull(() => new ByteReader(bytes).skip(100))).toBeNull();
    expect(readOrNull(() => new ByteReader(bytes).u8())).toBe(1);
    expect(() =>
      readOrNull(() => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });
});
