import { describe, expect, it } from 'vitest';
import { RecentByBytes } from './recent-by-bytes.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'latin1');
const body = (fill: string): string => fill.repeat(100);

describe('RecentByBytes', () => {
  it('finds a value by equal bytes in another buffer, and owns a copy of the key', () => {
    const recent = new RecentByBytes<string>(8);
    const key = bytes(body('a'));
    recent.set(key, 'A');
    key.fill(0x7a); // the caller reuses its buffer
    expect(recent.get(bytes(body('a')))).toBe('A');
    expect(recent.get(key)).toBeUndefined();
  });

  it('misses on bytes that differ anywhere, even where the sample does not look', () => {
    const recent = new RecentByBytes<string>(8);
    const text = body('abcdefgh');
    recent.set(bytes(text), 'first');
    const changed = `${text.slice(0, 401)}X${text.slice(402)}`;
    expect(recent.get(bytes(changed))).toBeUndefined();
  });

  it('keeps a range of a buffer, and tells short keys apart by any byte', () => {
    const recent = new RecentByBytes<string>(8, 0);
    const packet = bytes('..host1.example..');
    recent.set(packet, 'section', 2, 15);
    packet.fill(0); // the caller reuses its buffer
    expect(recent.get(bytes('host1.example'))).toBe('section');
    for (let at = 0; at < 13; at++) {
      const other = bytes('host1.example');
      other[at] = 0x5f;
      expect(recent.get(other)).toBeUndefined();
    }
    recent.set(new Uint8Array(0), 'empty');
    expect(recent.get(new Uint8Array(0))).toBe('empty');
  });

  it('finds a value by a range of a larger buffer, and misses once the cache starts over', () => {
    const recent = new RecentByBytes<string>(2, 8);
    recent.set(bytes('payload-1234'), 'P');
    const input = bytes('head;payload-1234;tail');
    expect(recent.get(input, 5, 17)).toBe('P');
    expect(recent.get(input, 5, 17)).toBe('P'); // the last hit, found without hashing
    expect(recent.get(input, 5, 16)).toBeUndefined();
    expect(recent.get(input, 4, 16)).toBeUndefined();
    recent.set(bytes('other-1234'), 'O');
    recent.set(bytes('third-1234'), 'T'); // full: starts over, the last hit goes too
    expect(recent.get(input, 5, 17)).toBeUndefined();
  });

  it('keeps nothing shorter or longer than its bounds, and starts over when full', () => {
    const recent = new RecentByBytes<number>(2, 8, 64);
    recent.set(bytes('short'), 1);
    recent.set(bytes('x'.repeat(65)), 2);
    expect(recent.get(bytes('short'))).toBeUndefined();
    expect(recent.get(bytes('x'.repeat(65)))).toBeUndefined();
    recent.set(bytes('one-1234'), 1);
    recent.set(bytes('two-1234'), 2);
    recent.set(bytes('three-1234'), 3);
    expect(recent.get(bytes('one-1234'))).toBeUndefined();
    expect(recent.get(bytes('three-1234'))).toBe(3);
  });
});
