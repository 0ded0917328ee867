import { describe, expect, it } from 'vitest';
import { BodyCapture } from './body-capture.js';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');

describe('BodyCapture', () => {
  it('reads a borrowed part in place and copies it when asked to keep it', () => {
    const input = Buffer.from('HEAD|hello|TAIL', 'latin1');
    const capture = new BodyCapture(64);
    capture.append(input, 5, 10, true);
    expect(capture.keptText()).toBe('hello');
    capture.keepCopy();
    input.fill(0x7a); // the caller reuses its buffer
    expect(text(capture.kept())).toBe('hello');
    expect(capture.size).toBe(5);
    expect(capture.cut).toBe(false);
  });

  it('gathers parts, keeps at most the limit and counts the rest', () => {
    const capture = new BodyCapture(8);
    capture.append(Buffer.from('abc'), 0, 3, true);
    capture.append(Buffer.from('xdefy'), 1, 4, false);
    capture.append(Buffer.from('ghijk'), 0, 5, true);
    expect(text(capture.kept())).toBe('abcdefgh');
    expect(capture.size).toBe(11);
    expect(capture.cut).toBe(true);
  });

  it('stops keeping after lost bytes, and starts empty again after reset', () => {
    const capture = new BodyCapture(64);
    capture.append(Buffer.from('abcdefgh'), 0, 8, false);
    capture.lose(4);
    capture.append(Buffer.from('ijkl'), 0, 4, true);
    expect(text(capture.kept())).toBe('abcdefgh');
    expect(capture.size).toBe(16);
    expect(capture.cut).toBe(true);
    capture.reset();
    expect(capture.size).toBe(0);
    expect(capture.kept().length).toBe(0);
    capture.append(Buffer.from('mn'), 0, 2, false);
    capture.append(Buffer.from('op'), 0, 2, false);
    expect(text(capture.kept())).toBe('mnop');
    expect(capture.cut).toBe(false);
  });
});
