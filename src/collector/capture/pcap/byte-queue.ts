/**
 * A FIFO of byte chunks read from a file, so a record that straddles two reads can be taken
 * whole. Bytes inside one chunk are returned as views (no copy); only a record that spans
 * chunks is copied.
 */
const EMPTY = new Uint8Array(0);

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Read position inside chunks[0]. */
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The next `n` bytes without consuming them, or undefined when fewer are buffered. */
  peek(n: number): Uint8Array | undefined {
    if (n > this.size) return undefined;
    const first = this.chunks[0];
    if (first === undefined) return new Uint8Array(0);
    if (this.head + n <= first.length) return first.subarray(this.head, this.head + n);
    const out = new Uint8Array(n);
    let filled = 0;
    let start = this.head;
    for (const chunk of this.chunks) {
      const take = Math.min(n - filled, chunk.length - start);
      out.set(chunk.subarray(start, start + take), filled);
      filled += take;
      start = 0;
      if (filled === n) break;
    }
    return out;
  }

  /**
   * Where the next `n` bytes start inside `front`, when they are all there (no copy needed),
   * else -1.
   */
  contiguous(n: number): number {
    const first = this.chunks[0];
    return first !== undefined && this.head + n <= first.length ? this.head : -1;
  }

  /** The chunk the next bytes come from (see `contiguous`). */
  get front(): Uint8Array {
    return this.chunks[0] ?? EMPTY;
  }

  /** Takes the next `n` bytes, or undefined when fewer are buffered. */
  take(n: number): Uint8Array | undefined {
    const out = this.peek(n);
    if (out !== undefined) this.skip(n);
    return out;
  }

  /** Drops the next `n` bytes (at most what is buffered). */
  skip(n: number): void {
    this.size -= n;
    let left = n;
    while (left > 0) {
      const first = this.chunks[0];
      if (first === undefined) break;
      const inFirst = first.length - this.head;
      if (left < inFirst) {
        this.head += left;
        return;
      }
      left -= inFirst;
      this.chunks.shift();
      this.head = 0;
    }
  }
}
