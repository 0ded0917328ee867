import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeComm } from './comm.js';
import { COMM_BYTES } from './layout.js';

/** A comm field as the kernel fills it: the name's bytes, NUL-padded to 16. */
function field(...bytes: number[]): Uint8Array {
  const out = new Uint8Array(COMM_BYTES);
  out.set(bytes);
  return out;
}

const utf8 = (s: string): number[] => Array.from(new TextEncoder().encode(s));

describe('decodeComm', () => {
  it('stops at the first NUL', () => {
    expect(decodeComm(field(...utf8('curl')))).toBe('curl');
    expect(decodeComm(field(...utf8('ab'), 0, ...utf8('stale')))).toBe('ab');
    expect(decodeComm(field())).toBe('');
  });

  it('keeps a name that fills the field with no NUL at all', () => {
    expect(decodeComm(Uint8Array.from(utf8('sixteen-bytes-xx')))).toBe('sixteen-bytes-xx');
  });

  it('reads UTF-8 names, dropping a character the 15-byte cut split', () => {
    expect(decodeComm(field(...utf8('tâche')))).toBe('tâche');
    // 6 ASCII bytes, then 2-byte 'é's: the 15th byte is the lead byte of the fifth.
    const cut = utf8('naive-ééééé').slice(0, 15);
    expect(cut.at(-1)).toBe(0xc3);
    expect(decodeComm(field(...cut))).toBe('naive-éééé');
    expect(decodeComm(field(...utf8('🙂🙂🙂🙂').slice(0, 15)))).toBe('🙂🙂🙂');
  });

  it('falls back to latin1, byte for byte, when the name is not UTF-8', () => {
    expect(decodeComm(field(0x63, 0xe9, 0x6c, 0x61))).toBe('céla');
    expect(decodeComm(field(0x80, 0x41))).toBe('\u0080A');
  });

  it('never throws, never returns a NUL, and gives at most one character unit per byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: COMM_BYTES }), (bytes) => {
        const name = decodeComm(bytes);
        expect(name).not.toContain('\0');
        expect(name.length).toBeLessThanOrEqual(bytes.length);
      }),
    );
  });
});
