import { describe, expect, it } from 'vitest';
import type { DataChunk } from '../stream/types.js';
import { StreamReorder, type OrderedStream } from './stream-reorder.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

function chunk(offset: number, text: string, timeNs = 0n, length = text.length): DataChunk {
  return {
    kind: 'data',
    connId: 1,
    direction: 'ingress',
    offset,
    length,
    timeNs,
    data: enc.encode(text),
  };
}

/** The ordered stream as text: bytes as-is, gaps as [gap N]. */
class Rendered implements OrderedStream {
  text = '';
  bytes(data: Uint8Array): void {
    this.text += dec.decode(data);
  }
  gap(length: number): void {
    this.text += `[gap ${length}]`;
  }
}

function run(reorder: StreamReorder, chunks: DataChunk[]): string {
  const out = new Rendered();
  for (const c of chunks) reorder.push(c, out);
  return out.text;
}

describe('StreamReorder', () => {
  it('passes in-order chunks through', () => {
    expect(run(new StreamReorder(0), [chunk(0, 'GET '), chunk(4, '/ HTTP/1.1')])).toBe(
      'GET / HTTP/1.1',
    );
  });

  it('holds chunks past a hole until it fills', () => {
    const reorder = new StreamReorder(0);
    expect(run(reorder, [chunk(0, 'ab'), chunk(4, 'ef'), chunk(6, 'gh')])).toBe('ab');
    expect(run(reorder, [chunk(2, 'cd')])).toBe('cdefgh');
    expect(reorder.stats.gaps).toBe(0);
  });

  it('trims duplicates and overlaps so every byte comes once', () => {
    const reorder = new StreamReorder(0);
    const text = run(reorder, [
      chunk(0, 'abcd'),
      chunk(2, 'cdef'),
      chunk(0, 'ab'),
      chunk(5, 'fgh'),
    ]);
    expect(text).toBe('abcdefgh');
    expect(reorder.stats.duplicateBytes).toBe(2 + 2 + 1);
  });

  it('reports a truncated chunk as bytes then a gap of the missing rest', () => {
    const reorder = new StreamReorder(0);
    expect(run(reorder, [chunk(0, 'abc', 0n, 10), chunk(10, 'xyz')])).toBe('abc[gap 7]xyz');
    expect(reorder.stats).toMatchObject({ gaps: 1, gapBytes: 7 });
  });

  it('gives up on a hole when too many bytes wait behind it', () => {
    const reorder = new StreamReorder(0, { maxHeldBytes: 4, maxHoldNs: 1_000_000_000n });
    expect(run(reorder, [chunk(0, 'ab'), chunk(5, 'fgh'), chunk(8, 'ij')])).toBe('ab[gap 3]fghij');
    expect(run(reorder, [chunk(2, 'cde')])).toBe('');
    expect(reorder.stats.duplicateBytes).toBe(3);
  });

  it('gives up on a hole that stays open longer than the hold time', () => {
    const reorder = new StreamReorder(0, { maxHeldBytes: 1 << 20, maxHoldNs: 100n });
    expect(run(reorder, [chunk(0, 'ab', 0n), chunk(4, 'ef', 10n)])).toBe('ab');
    const out = new Rendered();
    reorder.expire(50n, out);
    expect(out.text).toBe('');
    reorder.expire(200n, out);
    expect(out.text).toBe('[gap 2]ef');
  });

  it('gives identical output for any arrival order of the same chunks', () => {
    const chunks = [
      chunk(0, 'he'),
      chunk(2, 'll'),
      chunk(4, 'o '),
      chunk(6, 'wo'),
      chunk(8, 'rld'),
    ];
    const orders = [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 0, 4, 1, 3],
      [1, 1, 0, 3, 3, 2, 4, 0],
    ];
    for (const order of orders) {
      const reorder = new StreamReorder(0);
      expect(
        run(
          reorder,
          order.map((i) => chunks[i] as DataChunk),
        ),
      ).toBe('hello world');
    }
  });

  it('joins a stream midway at the first chunk seen when its start is unknown', () => {
    const reorder = new StreamReorder(undefined);
    expect(run(reorder, [chunk(1000, 'HTTP/1.1 200 OK'), chunk(1015, '\r\n')])).toBe(
      'HTTP/1.1 200 OK\r\n',
    );
  });
});
