import { describe, expect, it } from 'vitest';
import { LastPayload } from './last-payload.js';

describe('LastPayload', () => {
  it('finds the value only for the same bytes, even after the caller reuses its buffer', () => {
    const last = new LastPayload<string>();
    const buffer = Uint8Array.from([1, 2, 3]);
    expect(last.get(buffer)).toBeUndefined();
    last.set(buffer, 'a');
    expect(last.get(Uint8Array.from([1, 2, 3]))).toBe('a');
    buffer[1] = 9;
    expect(last.get(buffer)).toBeUndefined();
    expect(last.get(Uint8Array.from([1, 2]))).toBeUndefined();
    expect(last.get(Uint8Array.from([1, 2, 3]))).toBe('a');
  });

  it('remembers only the latest payload, and no long one', () => {
    const last = new LastPayload<string>();
    last.set(Uint8Array.from([1]), 'a');
    last.set(Uint8Array.from([2]), 'b');
    expect(last.get(Uint8Array.from([1]))).toBeUndefined();
    expect(last.get(Uint8Array.from([2]))).toBe('b');
    const long = new Uint8Array(4096);
    last.set(long, 'long');
    expect(last.get(long)).toBeUndefined();
    expect(last.get(Uint8Array.from([2]))).toBe('b');
  });

  it('tells an empty payload from no payload', () => {
    const last = new LastPayload<string>();
    expect(last.get(new Uint8Array(0))).toBeUndefined();
    last.set(new Uint8Array(0), 'empty');
    expect(last.get(new Uint8Array(0))).toBe('empty');
  });
});
