import { describe, expect, it } from 'vitest';
import { bytesToText, TRUNCATED_MARKER, withTruncationMarker } from './display-text.js';
import { jsonObject } from './json-text.js';

describe('bytesToText', () => {
  it('decodes UTF-8 and keeps tabs, newlines and escapes', () => {
    expect(bytesToText(Buffer.from('héllo\t\r\n\x1b[0m'), false)).toBe('héllo\t\r\n\x1b[0m');
  });

  it('reads invalid UTF-8 as Latin-1', () => {
    expect(bytesToText(Uint8Array.of(0x63, 0x61, 0x66, 0xe9), false)).toBe('café');
  });

  it('drops a character cut in half only when the bytes were cut', () => {
    const euro = Buffer.from('a€', 'utf8'); // 61 e2 82 ac
    expect(bytesToText(euro.subarray(0, 3), true)).toBe('a');
    expect(bytesToText(euro, true)).toBe('a€');
  });

  it('calls bytes with NUL or many control characters binary', () => {
    expect(bytesToText(Uint8Array.of(0x61, 0, 0x62), false)).toBeNull();
    expect(bytesToText(Uint8Array.of(1, 2, 3, 0x61), false)).toBeNull();
    expect(bytesToText(Buffer.from(`${'a'.repeat(40)}\x01`), false)).not.toBeNull();
  });

  it('marks cut text', () => {
    expect(withTruncationMarker('abc', true)).toBe(`abc${TRUNCATED_MARKER}`);
    expect(withTruncationMarker('abc', false)).toBe('abc');
  });
});

describe('jsonObject', () => {
  it('keeps keys in the given order, integer-like ones too', () => {
    expect(
      jsonObject([
        ['b', 1],
        ['200', 'x"y'],
        ['a', null],
      ]),
    ).toBe('{"b":1,"200":"x\\"y","a":null}');
  });
});
