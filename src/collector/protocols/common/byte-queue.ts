/**
 * A bounded FIFO of bytes for one direction of a connection. Bytes are appended at the back
 * and consumed from the front. The queue never holds more than `maxBytes`: `fill` copies only
 * what fits and returns how much that was, so a parser can parse, consume and fill again, and
 * decide for itself what to drop when the queue is full and it cannot make progress.
 */
export class ByteQueue {
  private buf: Uint8Array;
  private start = 0;
  private end = 0;

  constructor(
    readonly maxBytes: number,
    initialCapacity = 4096,
  ) {
    this.buf = new Uint8Array(Math.max(1, Math.min(initialCapacity, maxBytes)));
  }

  get length(): number {
    return this.end - this.start;
  }

  /** How many more bytes `fill` would accept. */
  get free(): number {
    return this.maxBytes - this.length;
  }

  /** Copies as many bytes of `data[from, to)` as fit; returns the number copied. */
  fill(data: Uint8Array, from = 0, to = data.length): number {
    const count = Math.min(this.free, to - from);
    if (count <= 0) return 0;
    this.reserve(count);
    this.buf.set(data.subarray(from, from + count), this.end);
    this.end += count;
    return count;
  }

  /**
   * The queued bytes. The view is only valid until the next `fill`: `consume` and `clear` move
   * the ends but leave the bytes in place, so a consumed message can still be read.
   */
  view(): Uint8Array {
    return this.buf.subarray(this.start, this.end);
  }

  /** Index (relative to the front) of the first `byte` at or after `from`, or -1. */
  indexOf(byte: number, from = 0): number {
    return this.view().indexOf(byte, from);
  }

  /** Drops `count` bytes from the front (all of them if fewer are queued). */
  consume(count: number): void {
    this.start = Math.min(this.end, this.start + Math.max(0, count));
    if (this.start === this.end) this.start = this.end = 0;
  }

  clear(): void {
    this.start = this.end = 0;
  }

  /** Makes room for `extra` bytes at the back: compacts first, grows (doubling) if needed. */
  private reserve(extra: number): void {
    if (this.end + extra <= this.buf.length) return;
    const needed = this.length + extra;
    if (needed <= this.buf.length && this.start > 0) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      let capacity = this.buf.length;
      while (capacity < needed) capacity *= 2;
      const grown = new Uint8Array(Math.min(capacity, this.maxBytes));
      grown.set(this.buf.subarray(this.start, this.end));
      this.buf = grown;
    }
    this.end = this.length;
    this.start = 0;
  }
}
