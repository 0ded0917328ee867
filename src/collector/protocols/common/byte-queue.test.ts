import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';

describe('ByteQueue', () => {
  it('appends at the back and consumes from the front', () => {
    const queue = new ByteQueue(64, 4);
    expect(queue.fill(Uint8Array.of(1, 2, 3))).toBe(3);
    expect(queue.fill(Uint8Array.of(9, 4, 5, 6), 1)).toBe(3);
    expect([...queue.view()]).toEqual([1, 2, 3, 4, 5, 6]);
    queue.consume(2);
    expect([...queue.view()]).toEqual([3, 4, 5, 6]);
    expect(queue.indexOf(5)).toBe(2);
    expect(queue.indexOf(5, 3)).toBe(-1);
  });

  it('never holds more than its cap and reports what did not fit', () => {
    const queue = new ByteQueue(5);
    expect(queue.fill(Uint8Array.of(1, 2, 3, 4, 5, 6, 7))).toBe(5);
    expect(queue.free).toBe(0);
    expect(queue.fill(Uint8Array.of(8))).toBe(0);
    queue.consume(3);
    expect(queue.fill(Uint8Array.of(8, 9, 10))).toBe(3);
    expect([...queue.view()]).toEqual([4, 5, 8, 9, 10]);
  });

  it('keeps its contents across growth and compaction', () => {
    const queue = new ByteQueue(1000, 1);
    const expected: number[] = [];
    for (let i = 0; i < 300; i++) {
      queue.fill(Uint8Array.of(i & 0xff, (i * 7) & 0xff));
      expected.push(i & 0xff, (i * 7) & 0xff);
      if (i % 3 === 0) {
        queue.consume(1);
        expected.shift();
      }
    }
    expect([...queue.view()]).toEqual(expected);
    queue.clear();
    expect(queue.length).toBe(0);
  });
});
