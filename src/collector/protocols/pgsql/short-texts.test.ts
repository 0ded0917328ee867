import { describe, expect, it } from 'vitest';
import { ShortTexts } from './short-texts.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('ShortTexts', () => {
  it('decodes the bytes of the range, and gives the same text again for the same bytes', () => {
    const texts = new ShortTexts();
    const tag = bytes('SELECT 1\0');
    const first = texts.text(tag, 0, 8);
    expect(first).toBe('SELECT 1');
    expect(texts.text(bytes('SELECT 1'), 0, 8)).toBe(first);
    expect(texts.text(bytes('SELECT 12'), 0, 9)).toBe('SELECT 12');
    expect(texts.text(bytes('SELECT 2'), 0, 8)).toBe('SELECT 2');
    expect(texts.text(bytes('xxSELECT 1\0'), 2, 10)).toBe('SELECT 1');
    expect(texts.text(bytes('xxSELECT 12'), 2, 10)).toBe('SELECT 1');
  });

  it('does not keep a view of a reused buffer', () => {
    const texts = new ShortTexts();
    const buffer = bytes('BEGIN');
    expect(texts.text(buffer, 0, 5)).toBe('BEGIN');
    buffer.set(bytes('ABORT'));
    expect(texts.text(buffer, 0, 5)).toBe('ABORT');
    expect(texts.text(bytes('BEGIN'), 0, 5)).toBe('BEGIN');
  });

  it('keeps answering correctly past its slots and for long or non-ASCII text', () => {
    const texts = new ShortTexts();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++)
        expect(texts.text(bytes(`INSERT 0 ${i}`), 0, 10 + (i > 9 ? 1 : 0))).toBe(`INSERT 0 ${i}`);
    }
    const long = `SELECT ${'9'.repeat(40)}`;
    expect(texts.text(bytes(`;${long}`), 1, long.length + 1)).toBe(long);
    const accented = bytes('déjà vu');
    expect(texts.text(accented, 0, accented.length)).toBe('déjà vu');
  });
});
