/**
 * Bounds-checked reads over a byte array, for binary protocol frames (DNS, MySQL, PostgreSQL).
 * A read past the end throws `ShortReadError` instead of yielding garbage or `undefined`, so
 * frame decoders can be written as straight-line code; each parser catches `ShortReadError`
 * at its boundary and counts the frame as malformed (see `readOrNull`).
 */
export class ShortReadError extends Error {
  override name = 'ShortReadError';
}

export class ByteReader {
  private pos: number;

  constructor(
    readonly bytes: Uint8Array,
    offset = 0,
  ) {
    this.pos = 0;
    this.seek(offset);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** Moves to an absolute offset (0..length). */
  seek(offset: number): void {
    if (!Number.isInteger(offset) || offset < 0 || offset > this.bytes.length) {
      throw new ShortReadError(`seek to ${offset} outside 0..${this.bytes.length}`);
    }
    this.pos = offset;
  }

  skip(count: number): void {
    this.advance(count);
  }

  u8(): number {
    return this.bytes[this.advance(1)] ?? 0;
  }

  u16be(): number {
    const at = this.advance(2);
    return ((this.bytes[at] ?? 0) << 8) | (this.bytes[at + 1] ?? 0);
  }

  u32be(): number {
    return this.u16be() * 0x10000 + this.u16be();
  }

  i32be(): number {
    return this.u32be() | 0;
  }

  u16le(): number {
    const at = this.advance(2);
    return (this.bytes[at] ?? 0) | ((this.bytes[at + 1] ?? 0) << 8);
  }

  u24le(): number {
    return this.u16le() + this.u8() * 0x10000;
  }

  u32le(): number {
    return this.u16le() + this.u16le() * 0x10000;
  }

  /** The next `count` bytes as a view (no copy). */
  take(count: number): Uint8Array {
    const at = this.advance(count);
    return this.bytes.subarray(at, at + count);
  }

  /** Moves past `count` bytes, which must be available; returns where they start. */
  private advance(count: number): number {
    if (!Number.isInteger(count) || count < 0 || count > this.remaining) {
      throw new ShortReadError(`need ${count} bytes at ${this.pos}, have ${this.remaining}`);
    }
    const at = this.pos;
    this.pos += count;
    return at;
  }
}

/** Runs a decoder and maps a `ShortReadError` to null; any other error is a bug and propagates. */
export function readOrNull<T>(decode: () => T): T | null {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ShortReadError) return null;
    throw error;
  }
}
