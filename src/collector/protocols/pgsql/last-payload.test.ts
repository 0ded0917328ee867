import { describe, expect, it } from 'vitest';
import { LastPayload } from './last-payload.js';

/** The whole of `bytes` as a range. */
const all = (bytes: Uint8Array): [Uint8Array, number, number] => [bytes, 0, bytes.length];

describe('LastPayload', () => {
  it('finds the value only for the same bytes, even after the caller reuses its buffer', () => {
    const last = new LastPayload<string>();
    const buffer = Uint8Array.from([1, 2, 3]);
    expect(last.get(...all(buffer))).toBeUndefined();
    last.set(...all(buffer), 'a');
    expect(last.get(...all(Uint8Array.from([1, 2, 3])))).toBe('a');
    buffer[1] = 9;
    expect(last.get(...all(buffer))).toBeUndefined();
    expect(last.get(...all(Uint8Array.from([1, 2])))).toBeUndefined();
    expect(last.get(...all(Uint8Array.from([1, 2, 3])))).toBe('a');
  });

  it('compares only the given range of a larger buffer', () => {
    const last = new LastPayload<string>();
    const buffer = Uint8Array.from([7, 1, 2, 3, 7]);
    last.set(buffer, 1, 4, 'a');
    buffer.fill(0);
    expect(last.get(Uint8Array.from([9, 9, 1, 2, 3]), 2, 5)).toBe('a');
    expect(last.get(Uint8Array.from([9, 1, 2, 3, 4]), 1, 5)).toBeUndefined();
    expect(last.get(Uint8Array.from([1, 2, 4]), 0, 3)).toBeUndefined();
  });

  it('remembers only the latest payload, and no long one', () => {
    const last = new LastPayload<string>();
    last.set(...all(Uint8Array.from([1])), 'a');
    last.set(...all(Uint8Array.from([2])), 'b');
    expect(last.get(...all(Uint8Array.from([1])))).toBeUndefined();
    expect(last.get(...all(Uint8Array.from([2])))).toBe('b');
    const long = new Uint8Array(4096);
    last.set(...all(long), 'long');
    expect(last.get(...all(long))).toBeUndefined();
    expect(last.get(...all(Uint8Array.from([2])))).toBe('b');
  });

  it('tells an empty payload from no payload', () => {
    const last = new LastPayload<string>();
    expect(last.get(...all(new Uint8Array(0)))).toBeUndefined();
    last.set(...all(new Uint8Array(0)), 'empty');
    expect(last.get(...all(new Uint8Array(0)))).toBe('empty');
  });
});
