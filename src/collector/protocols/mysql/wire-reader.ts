/**
 * Little-endian reads over one MySQL payload. Every read returns undefined past the end instead
 * of throwing, so decoders of untrusted bytes stay total.
 */
export class WireReader {
  constructor(
    readonly bytes: Uint8Array,
    public offset = 0,
  ) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(): number | undefined {
    return this.uint(1);
  }

  /** An unsigned little-endian integer of 1..6 bytes (exact in a double). */
  uint(size: number): number | undefined {
    if (this.remaining < size) return undefined;
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + (this.bytes[this.offset + i] ?? 0);
    this.offset += size;
    return value;
  }

  u64(): bigint | undefined {
    const low = this.uint(4);
    const high = this.uint(4);
    if (low === undefined || high === undefined) return undefined;
    return (BigInt(high) << 32n) | BigInt(low);
  }

  /** A length-encoded integer; undefined for the 0xfb (NULL) and 0xff markers or values past 2^53. */
  lenenc(): number | undefined {
    const first = this.u8();
    if (first === undefined || first === 0xfb || first === 0xff) return undefined;
    if (first < 0xfb) return first;
    if (first === 0xfc) return this.uint(2);
    if (first === 0xfd) return this.uint(3);
    const wide = this.u64();
    return wide === undefined || wide > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(wide);
  }

  take(size: number): Uint8Array | undefined {
    if (size < 0 || this.remaining < size) return undefined;
    const out = this.bytes.subarray(this.offset, this.offset + size);
    this.offset += size;
    return out;
  }

  lenencBytes(): Uint8Array | undefined {
    const size = this.lenenc();
    return size === undefined ? undefined : this.take(size);
  }

  /** Bytes up to a NUL terminator (consumed, not returned). */
  cstring(): Uint8Array | undefined {
    const end = this.bytes.indexOf(0, this.offset);
    if (end < 0) return undefined;
    const out = this.bytes.subarray(this.offset, end);
    this.offset = end + 1;
    return out;
  }

  rest(): Uint8Array {
    const out = this.bytes.subarray(this.offset);
    this.offset = this.bytes.length;
    return out;
  }
}
