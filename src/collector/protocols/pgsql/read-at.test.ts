import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../common/sql-text.js';
import { textAt, zeroAt } from './read-at.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('textAt', () => {
  it('reads the range only, short or long', () => {
    const buffer = bytes('xx-1234yy');
    expect(textAt(buffer, 2, 7)).toBe('-1234');
    expect(textAt(buffer, 2, 2)).toBe('');
    const long = bytes(`[SELECT ${'9'.repeat(40)}]`);
    expect(textAt(long, 1, long.length - 1)).toBe(`SELECT ${'9'.repeat(40)}`);
  });

  it('decodes as the text decoder does: controls, non-ASCII, a BOM, broken sequences', () => {
    const cases = [
      Uint8Array.of(0, 9, 10, 0x7f),
      bytes('déjà'),
      Uint8Array.of(0xef, 0xbb, 0xbf, 0x41),
      Uint8Array.of(0x41, 0xc3),
      Uint8Array.of(0xff, 0x41),
    ];
    for (const value of cases) expect(textAt(value, 0, value.length)).toBe(decodeUtf8(value));
  });
});

describe('zeroAt', () => {
  it('finds a zero only inside the range', () => {
    const buffer = Uint8Array.of(1, 0, 2, 3, 0);
    expect(zeroAt(buffer, 0, 5)).toBe(1);
    expect(zeroAt(buffer, 2, 5)).toBe(4);
    expect(zeroAt(buffer, 2, 4)).toBe(-1);
    expect(zeroAt(buffer, 2, 2)).toBe(-1);
    const long = zeroAfter(40);
    expect(zeroAt(long, 0, 40)).toBe(-1);
    expect(zeroAt(long, 0, 41)).toBe(40);
  });
});

/** `length` non-zero bytes, then a zero. */
function zeroAfter(length: number): Uint8Array {
  const bytes = new Uint8Array(length + 1).fill(7);
  bytes[length] = 0;
  return bytes;
}
