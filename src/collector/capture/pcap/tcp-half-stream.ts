/**
 * One direction of a TCP connection: turns segments, in whatever order and multiplicity they
 * were captured, into stream pieces that each cover new bytes, in order, at their offset from
 * the first data byte (ISN + 1, or the first segment seen when the handshake was missed).
 *
 * Bytes below the delivered position (retransmissions, overlaps) are trimmed. Segments beyond a
 * hole are held, copied, until the hole fills; when the hold exceeds its byte, segment or time
 * limit, the reader gives up on the hole and delivers the next held piece at its real offset,
 * so the consumer sees the jump. Offsets are unwrapped relative to the delivered position, so
 * sequence-number wrap-around and streams past 4 GiB work.
 */
import type { TcpStats } from './capture-stats.js';

export interface HoldLimits {
  /** Captured bytes held per direction while waiting for a hole to fill. */
  readonly maxHeldBytes: number;
  /** Segments held per direction (bounds bookkeeping for floods of tiny segments). */
  readonly maxHeldSegments: number;
  /** How long (capture time) a hole may stay open while later data or a FIN waits behind it. */
  readonly maxHoldNs: bigint;
}

/**
 * Where delivered pieces go, in order. A call with the piece's fields rather than a piece
 * object: every data segment passes through here, and the sink makes the one object it keeps.
 */
export interface PieceSink {
  /** `length` stream bytes at `offset`; `data` holds fewer when the capture cut them short. */
  piece(offset: number, length: number, data: Uint8Array): void;
}

interface HeldSegment {
  readonly offset: number;
  readonly length: number;
  readonly data: Uint8Array;
}

const SEQ_SPACE = 2 ** 32;
/** The largest possible TCP window (65535 << 14); data further ahead cannot be genuine. */
const MAX_WINDOW = 2 ** 30;

export class TcpHalfStream {
  /** Sequence number of stream offset 0. */
  private base: number | undefined;
  private next = 0;
  private held: HeldSegment[] = [];
  private heldBytes = 0;
  private finAt: number | undefined;
  /** Since when the stream has been stuck at `next` with data or a FIN waiting beyond it. */
  private waitingSinceNs: bigint | undefined;

  constructor(
    private readonly limits: HoldLimits,
    private readonly stats: TcpStats,
  ) {}

  /** The handshake was seen: stream offset 0 is the byte after the SYN's sequence number. */
  startAfterSyn(isn: number): void {
    this.base ??= (isn + 1) >>> 0;
  }

  /** Every byte up to the FIN has been delivered (or given up on). */
  get finished(): boolean {
    return this.finAt !== undefined && this.next >= this.finAt && this.held.length === 0;
  }

  /** Takes one segment and appends the pieces that became deliverable to `out`. */
  segment(
    seq: number,
    flags: SegmentFlags,
    payload: Uint8Array,
    length: number,
    nowNs: bigint,
    out: PieceSink,
  ): void {
    if (length === 0 && !flags.fin && !flags.syn) return;
    const dataSeq = flags.syn ? (seq + 1) >>> 0 : seq;
    this.base ??= dataSeq;
    const offset = this.offsetOf(dataSeq);
    if (offset > this.next + MAX_WINDOW) {
      this.stats.outOfWindowSegments++;
      return;
    }
    if (flags.fin) this.finAt ??= offset + length;
    if (length > 0) {
      const before = this.next;
      if (offset <= this.next) this.deliver(offset, length, payload, out);
      else this.hold(offset, length, payload);
      this.drain(out);
      while (this.overLimits()) {
        if (!this.skipHole(out)) break;
      }
      if (this.next !== before) this.waitingSinceNs = undefined;
    }
    this.noteWaiting(nowNs);
  }

  /** Gives up on a hole that has been open longer than the time limit. */
  expire(nowNs: bigint, out: PieceSink): void {
    const since = this.waitingSinceNs;
    if (since === undefined || nowNs - since <= this.limits.maxHoldNs) return;
    this.skipHole(out);
    this.waitingSinceNs = undefined;
    this.noteWaiting(nowNs);
  }

  /** Delivers everything still held, jumping every hole (the connection is ending). */
  flush(out: PieceSink): void {
    while (this.skipHole(out)) {
      // each jump delivers what was held behind that hole
    }
    this.waitingSinceNs = undefined;
  }

  private offsetOf(seq: number): number {
    const relative = (seq - (this.base ?? seq)) >>> 0;
    // The signed 32-bit distance from the delivered position picks the nearest unwrapping.
    return this.next + ((relative - (this.next % SEQ_SPACE)) | 0);
  }

  private deliver(offset: number, length: number, payload: Uint8Array, out: PieceSink): void {
    const overlap = this.next - offset;
    if (overlap >= length) {
      this.stats.retransmittedBytes += length;
      return;
    }
    this.stats.retransmittedBytes += overlap;
    out.piece(
      this.next,
      length - overlap,
      overlap === 0 ? payload : payload.subarray(Math.min(overlap, payload.length)),
    );
    this.next += length - overlap;
  }

  private hold(offset: number, length: number, payload: Uint8Array): void {
    let at = this.held.length;
    while (at > 0 && (this.held[at - 1]?.offset ?? 0) > offset) at--;
    const same = this.held[at - 1];
    if (same !== undefined && same.offset === offset && same.length >= length) {
      this.stats.retransmittedBytes += length;
      return;
    }
    // A copy, so a held segment does not pin the whole file chunk it was read from.
    this.held.splice(at, 0, { offset, length, data: payload.slice() });
    this.heldBytes += payload.length;
  }

  private drain(out: PieceSink): void {
    for (
      let first = this.held[0];
      first !== undefined && first.offset <= this.next;
      first = this.held[0]
    ) {
      this.held.shift();
      this.heldBytes -= first.data.length;
      this.deliver(first.offset, first.length, first.data, out);
    }
  }

  private overLimits(): boolean {
    return (
      this.held.length > this.limits.maxHeldSegments || this.heldBytes > this.limits.maxHeldBytes
    );
  }

  /**
   * Jumps the hole at `next`: to the first held segment, or to the FIN if nothing is held.
   * Returns false when there is no hole to jump.
   */
  private skipHole(out: PieceSink): boolean {
    const target = this.held[0]?.offset ?? this.finAt;
    if (target === undefined || target <= this.next) return false;
    this.stats.gaps++;
    this.stats.gapBytes += target - this.next;
    this.next = target;
    this.drain(out);
    return true;
  }

  private noteWaiting(nowNs: bigint): void {
    const waiting = this.held.length > 0 || (this.finAt !== undefined && this.finAt > this.next);
    if (!waiting) this.waitingSinceNs = undefined;
    else this.waitingSinceNs ??= nowNs;
  }
}

export interface SegmentFlags {
  readonly syn: boolean;
  readonly fin: boolean;
}
