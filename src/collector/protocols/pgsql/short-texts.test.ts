import { describe, expect, it } from 'vitest';
import { ShortTexts } from './short-texts.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('ShortTexts', () => {
  it('decodes the bytes up to end, and gives the same text again for the same bytes', () => {
    const texts = new ShortTexts();
    const tag = bytes('SELECT 1\0');
    expect(texts.text(tag, 8)).toBe('SELECT 1');
    expect(texts.text(bytes('SELECT 1'), 8)).toBe('SELECT 1');
    expect(texts.text(bytes('SELECT 12'), 9)).toBe('SELECT 12');
    expect(texts.text(bytes('SELECT 2'), 8)).toBe('SELECT 2');
  });

  it('does not keep a view of a reused buffer', () => {
    const texts = new ShortTexts();
    const buffer = bytes('BEGIN');
    expect(texts.text(buffer, 5)).toBe('BEGIN');
    buffer.set(bytes('ABORT'));
    expect(texts.text(buffer, 5)).toBe('ABORT');
    expect(texts.text(bytes('BEGIN'), 5)).toBe('BEGIN');
  });

  it('keeps answering correctly past its slots and for long or non-ASCII text', () => {
    const texts = new ShortTexts();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 20; i++)
        expect(texts.text(bytes(`INSERT 0 ${i}`), 10 + (i > 9 ? 1 : 0))).toBe(`INSERT 0 ${i}`);
    }
    const long = `SELECT ${'9'.repeat(40)}`;
    expect(texts.text(bytes(long), long.length)).toBe(long);
    const accented = bytes('déjà vu');
    expect(texts.text(accented, accented.length)).toBe('déjà vu');
  });
});
