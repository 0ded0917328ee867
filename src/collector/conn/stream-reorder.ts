import type { DataChunk } from '../stream/types.js';

/**
 * Where a direction's reorder buffer hands on its stream: bytes in stream order, or a hole in
 * it. Calls rather than piece objects, so an in-order chunk costs no allocation on its way.
 */
export interface OrderedStream {
  bytes(data: Uint8Array, timeNs: bigint): void;
  gap(length: number, timeNs: bigint): void;
}

export interface ReorderLimits {
  /** Out-of-order bytes held per direction before giving up on the hole. */
  readonly maxHeldBytes: number;
  /** How long a hole may stay open before the bytes after it are released. */
  readonly maxHoldNs: bigint;
}

export const DEFAULT_REORDER_LIMITS: ReorderLimits = {
  maxHeldBytes: 1024 * 1024,
  maxHoldNs: 2_000_000_000n,
};

export interface ReorderStats {
  duplicateBytes: number;
  gapBytes: number;
  gaps: number;
}

/**
 * Puts one direction's chunks back in stream order by offset. Duplicates and overlaps are
 * trimmed; chunks past a hole wait until it fills, or until the hold limits say the missing
 * bytes are not coming, and then the hole is reported as a gap. A chunk that carried fewer
 * bytes than its true length (capture truncated it) is followed by a gap of the rest.
 */
export class StreamReorder {
  private nextOffset: number | undefined;
  private readonly held = new Map<number, DataChunk>();
  private heldBytes = 0;
  private holeSinceNs: bigint | undefined;
  readonly stats: ReorderStats = { duplicateBytes: 0, gapBytes: 0, gaps: 0 };

  /**
   * @param startOffset where the stream begins (0 when the connection was seen opening);
   *   undefined for a stream joined midway, which then starts at the first chunk seen.
   */
  constructor(
    startOffset: number | undefined,
    private readonly limits: ReorderLimits = DEFAULT_REORDER_LIMITS,
  ) {
    this.nextOffset = startOffset;
  }

  push(chunk: DataChunk, out: OrderedStream): void {
    this.nextOffset ??= chunk.offset;
    if (chunk.offset > this.nextOffset) {
      this.hold(chunk);
      this.holeSinceNs ??= chunk.timeNs;
      if (this.heldBytes > this.limits.maxHeldBytes) this.skipHole(chunk.timeNs, out);
      return;
    }
    this.deliver(chunk, out);
    this.drainHeld(out);
  }

  /** Releases held bytes whose hole has been open longer than the hold limit. */
  expire(nowNs: bigint, out: OrderedStream): void {
    if (this.holeSinceNs !== undefined && nowNs - this.holeSinceNs > this.limits.maxHoldNs) {
      this.skipHole(nowNs, out);
    }
  }

  private hold(chunk: DataChunk): void {
    const existing = this.held.get(chunk.offset);
    if (existing !== undefined && existing.length >= chunk.length) {
      this.stats.duplicateBytes += chunk.data.length;
      return;
    }
    if (existing !== undefined) this.heldBytes -= existing.data.length;
    this.held.set(chunk.offset, chunk);
    this.heldBytes += chunk.data.length;
  }

  /** Delivers the part of `chunk` at or after nextOffset. */
  private deliver(chunk: DataChunk, out: OrderedStream): void {
    const next = this.nextOffset ?? chunk.offset;
    const end = chunk.offset + chunk.length;
    if (end <= next) {
      this.stats.duplicateBytes += chunk.data.length;
      return;
    }
    const skip = next - chunk.offset;
    this.stats.duplicateBytes += Math.min(skip, chunk.data.length);
    if (skip < chunk.data.length) {
      out.bytes(skip === 0 ? chunk.data : chunk.data.subarray(skip), chunk.timeNs);
    }
    const captured = chunk.offset + chunk.data.length;
    if (captured < end) this.gap(end - Math.max(captured, next), chunk.timeNs, out);
    this.nextOffset = end;
  }

  private drainHeld(out: OrderedStream): void {
    while (this.held.size > 0) {
      const ready = this.firstReady();
      if (ready === undefined) return;
      this.held.delete(ready.offset);
      this.heldBytes -= ready.data.length;
      this.deliver(ready, out);
    }
    this.holeSinceNs = undefined;
  }

  /** A held chunk that starts at or before nextOffset, if any. */
  private firstReady(): DataChunk | undefined {
    const next = this.nextOffset ?? 0;
    for (const [offset, chunk] of this.held) if (offset <= next) return chunk;
    return undefined;
  }

  /** Gives up on the current hole: reports it and continues from the lowest held offset. */
  private skipHole(timeNs: bigint, out: OrderedStream): void {
    const lowest = Math.min(...this.held.keys());
    if (!Number.isFinite(lowest)) return;
    this.gap(lowest - (this.nextOffset ?? lowest), timeNs, out);
    this.nextOffset = lowest;
    this.holeSinceNs = undefined;
    this.drainHeld(out);
    if (this.held.size > 0) this.holeSinceNs = timeNs;
  }

  private gap(length: number, timeNs: bigint, out: OrderedStream): void {
    if (length <= 0) return;
    this.stats.gaps++;
    this.stats.gapBytes += length;
    out.gap(length, timeNs);
  }
}
