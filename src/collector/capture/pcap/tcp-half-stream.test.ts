import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCaptureStats } from './capture-stats.js';
import type { TcpStats } from './capture-stats.js';
import { TcpHalfStream } from './tcp-half-stream.js';
import type { HoldLimits, PieceSink } from './tcp-half-stream.js';

interface StreamPiece {
  readonly offset: number;
  readonly length: number;
  readonly data: Uint8Array;
}

/** Keeps every delivered piece as an object, in order. */
class PieceList extends Array<StreamPiece> implements PieceSink {
  piece(offset: number, length: number, data: Uint8Array): void {
    this.push({ offset, length, data });
  }
}

const LIMITS: HoldLimits = { maxHeldBytes: 1000, maxHeldSegments: 8, maxHoldNs: 1000n };
const NONE = { syn: false, fin: false };
const FIN = { syn: false, fin: true };

interface Segment {
  seq: number;
  data: Uint8Array | number; // bytes, or just a length (filled with the low offset byte)
  fin?: boolean;
  syn?: boolean;
  at?: bigint;
  captured?: number;
}

function setup(limits = LIMITS, isn?: number) {
  const stats: TcpStats = emptyCaptureStats().tcp;
  const stream = new TcpHalfStream(limits, stats);
  if (isn !== undefined) stream.startAfterSyn(isn);
  const pieces = new PieceList();
  const send = (...segments: Segment[]) => {
    for (const s of segments) {
      const data = typeof s.data === 'number' ? new Uint8Array(s.data).fill(s.seq & 0xff) : s.data;
      const captured = data.subarray(0, s.captured ?? data.length);
      stream.segment(
        s.seq >>> 0,
        { syn: s.syn ?? false, fin: s.fin ?? false },
        captured,
        data.length,
        s.at ?? 0n,
        pieces,
      );
    }
    return pieces.map((p) => [p.offset, p.length]);
  };
  return { stats, stream, pieces, send };
}

const text = (s: string) => new TextEncoder().encode(s);
const joined = (pieces: readonly StreamPiece[]) =>
  new TextDecoder().decode(Buffer.concat(pieces.map((p) => p.data)));

describe('one direction of a TCP stream', () => {
  it('numbers bytes from ISN + 1 once the SYN was seen', () => {
    const { send } = setup(LIMITS, 1000);
    expect(send({ seq: 1001, data: 5 }, { seq: 1006, data: 3 })).toEqual([
      [0, 5],
      [5, 3],
    ]);
  });

  it('starts at the first segment seen when the handshake was missed', () => {
    const { send } = setup();
    expect(send({ seq: 777, data: 4 }, { seq: 781, data: 4 })).toEqual([
      [0, 4],
      [4, 4],
    ]);
  });

  it('puts the data of a SYN segment (TCP Fast Open) at offset 0', () => {
    const { send, pieces } = setup();
    expect(send({ seq: 99, syn: true, data: text('hi') }, { seq: 102, data: text('!') })).toEqual([
      [0, 2],
      [2, 1],
    ]);
    expect(joined(pieces)).toBe('hi!');
  });

  it('holds out-of-order segments until the hole fills', () => {
    const { send, pieces, stats } = setup(LIMITS, 0);
    expect(send({ seq: 6, data: text('world') }, { seq: 11, data: text('!') })).toEqual([]);
    expect(send({ seq: 1, data: text('hello') })).toEqual([
      [0, 5],
      [5, 5],
      [10, 1],
    ]);
    expect(joined(pieces)).toBe('helloworld!');
    expect(stats.gaps).toBe(0);
  });

  it('delivers each byte once: retransmissions and overlaps are trimmed', () => {
    const { send, pieces, stats } = setup(LIMITS, 0);
    send(
      { seq: 1, data: text('abcdef') },
      { seq: 1, data: text('abcdef') }, // retransmission
      { seq: 4, data: text('defghi') }, // overlaps 3 delivered bytes
      { seq: 14, data: text('nop') }, // held
      { seq: 12, data: text('lmnopq') }, // held, overlaps the held one
      { seq: 14, data: text('no') }, // a duplicate of something held
      { seq: 10, data: text('jk') }, // fills the hole
    );
    expect(joined(pieces)).toBe('abcdefghijklmnopq');
    expect(pieces.map((p) => p.offset)).toEqual([0, 6, 9, 11]);
    expect(stats.retransmittedBytes).toBe(6 + 3 + 2 + 3);
  });

  it('follows sequence numbers across the 2^32 wrap', () => {
    const isn = 2 ** 32 - 4;
    const { send, pieces } = setup(LIMITS, isn);
    // the first data byte is at 2^32 - 3; the second segment starts after the wrap
    expect(
      send(
        { seq: isn + 1, data: text('abc') },
        { seq: 2, data: text('fg') },
        { seq: 0, data: text('de') },
      ),
    ).toEqual([
      [0, 3],
      [3, 2],
      [5, 2],
    ]);
    expect(joined(pieces)).toBe('abcdefg');
  });

  it('keeps counting offsets past 4 GiB', () => {
    const { send, stream, pieces } = setup({ ...LIMITS, maxHoldNs: 0n }, 0);
    const offsets: number[] = [];
    for (let i = 1; i <= 6; i++) {
      // 1 GiB further each time (within any TCP window), and each hole given up on
      const offset = i * 2 ** 30;
      send({ seq: (offset + 1) % 2 ** 32, data: 1, at: BigInt(i) });
      stream.expire(BigInt(i) + 1n, pieces);
      offsets.push(offset);
    }
    expect(send().map(([o]) => o)).toEqual(offsets);
  });

  it('gives up on a hole after the hold time and shows the jump in the offset', () => {
    const { send, stream, pieces, stats } = setup(LIMITS, 0);
    send({ seq: 1, data: 10, at: 0n }, { seq: 21, data: 5, at: 10n });
    stream.expire(1010n, pieces);
    expect(pieces.map((p) => [p.offset, p.length])).toEqual([[0, 10]]);
    stream.expire(1011n, pieces);
    expect(pieces.map((p) => [p.offset, p.length])).toEqual([
      [0, 10],
      [20, 5],
    ]);
    expect(stats).toMatchObject({ gaps: 1, gapBytes: 10 });
    // the missing bytes arriving late are not delivered again
    send({ seq: 11, data: 10, at: 2000n });
    expect(pieces).toHaveLength(2);
    expect(stats.retransmittedBytes).toBe(10);
  });

  it('gives up on a hole when the held bytes or segments exceed their cap', () => {
    const bytes = setup(LIMITS, 0);
    expect(bytes.send({ seq: 101, data: 600 }, { seq: 701, data: 600 })).toEqual([
      [100, 600],
      [700, 600],
    ]);
    expect(bytes.stats).toMatchObject({ gaps: 1, gapBytes: 100 });

    const segments = setup(LIMITS, 0);
    const sent = Array.from({ length: 9 }, (_, i) => ({ seq: 11 + 2 * i, data: 1 }));
    const delivered = segments.send(...sent);
    expect(delivered[0]).toEqual([10, 1]);
    expect(segments.stats.gaps).toBe(1);
  });

  it('is finished once everything up to the FIN is delivered', () => {
    const { send, stream } = setup(LIMITS, 0);
    send({ seq: 6, data: 5, fin: true });
    expect(stream.finished).toBe(false);
    send({ seq: 1, data: 5 });
    expect(stream.finished).toBe(true);
  });

  it('reports a hole just before the FIN when it times out or the stream is flushed', () => {
    const timed = setup(LIMITS, 0);
    timed.send({ seq: 1, data: 5, at: 0n }, { seq: 11, data: 0, fin: true, at: 0n });
    timed.stream.expire(5000n, timed.pieces);
    expect(timed.stream.finished).toBe(true);
    expect(timed.stats).toMatchObject({ gaps: 1, gapBytes: 5 });

    const flushed = setup(LIMITS, 0);
    flushed.send({ seq: 1, data: 5 }, { seq: 11, data: 5 }, { seq: 21, data: 5, fin: true });
    flushed.stream.flush(flushed.pieces);
    expect(flushed.pieces.map((p) => p.offset)).toEqual([0, 10, 20]);
    expect(flushed.stream.finished).toBe(true);
    expect(flushed.stats).toMatchObject({ gaps: 2, gapBytes: 10 });
  });

  it('drops a segment too far ahead to be in any window', () => {
    const { send, stream, stats } = setup(LIMITS, 0);
    expect(send({ seq: 2 ** 30 + 100, data: 5 }, { seq: 1, data: 5 })).toEqual([[0, 5]]);
    // nor does a FIN that far ahead end the stream
    send({ seq: 2 ** 30 + 100, data: 0, fin: true });
    expect(stream.finished).toBe(false);
    expect(stats.outOfWindowSegments).toBe(2);
  });

  it('passes on segments the capture cut short, with their full length', () => {
    const { send, pieces } = setup(LIMITS, 0);
    expect(send({ seq: 1, data: 100, captured: 30 }, { seq: 51, data: 100, captured: 80 })).toEqual(
      [
        [0, 100],
        [100, 50],
      ],
    );
    expect(pieces.map((p) => p.data.length)).toEqual([30, 30]);
  });

  it('ignores empty segments without FIN', () => {
    const { send, stream } = setup();
    expect(send({ seq: 5, data: 0 })).toEqual([]);
    // the base comes from the first real data, not from a bare ACK
    expect(send({ seq: 9, data: 2 })).toEqual([[0, 2]]);
    expect(stream.finished).toBe(false);
  });

  it('reassembles any reordering and duplication of a stream exactly', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 400 }),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 60 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (data, isn, extraSegments, order) => {
          // cover the stream once with consecutive segments, then add random overlapping ones
          const segments: [number, number][] = [];
          for (let at = 0, i = 0; at < data.length; i++) {
            const size = extraSegments[i % extraSegments.length]?.[1] ?? 1;
            segments.push([at, Math.min(size, data.length - at)]);
            at += size;
          }
          for (const [start, size] of extraSegments) {
            const offset = start % data.length;
            segments.push([offset, Math.min(size, data.length - offset)]);
          }
          const shuffled = segments.map((s, i) => ({
            s,
            key: order[i % Math.max(order.length, 1)] ?? i,
          }));
          shuffled.sort((a, b) => a.key - b.key);
          const big = { maxHeldBytes: 1 << 20, maxHeldSegments: 1000, maxHoldNs: 1n << 60n };
          const { stream, pieces, stats } = setup(big, isn);
          for (const {
            s: [offset, size],
          } of shuffled) {
            stream.segment(
              (isn + 1 + offset) >>> 0,
              NONE,
              data.subarray(offset, offset + size),
              size,
              0n,
              pieces,
            );
          }
          stream.segment((isn + 1 + data.length) >>> 0, FIN, new Uint8Array(0), 0, 0n, pieces);
          expect(Buffer.concat(pieces.map((p) => p.data))).toEqual(Buffer.from(data));
          let expected = 0;
          for (const p of pieces) {
            expect(p.offset).toBe(expected);
            expected += p.length;
          }
          expect(stream.finished).toBe(true);
          expect(stats.gaps).toBe(0);
        },
      ),
    );
  });
});
