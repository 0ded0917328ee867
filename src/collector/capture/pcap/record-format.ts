/** One captured packet as the container stores it, before any header is decoded. */
export interface RawFrame {
  /** LINKTYPE_* value of the interface the packet was captured on. */
  readonly linkType: number;
  /** Capture time, Unix epoch nanoseconds. */
  readonly timeNs: bigint;
  /** The captured bytes (possibly fewer than were on the wire). */
  readonly data: Uint8Array;
}

/**
 * A frame as a position in a buffer that may hold other records too: the reader refills one
 * slot record after record, so a file's frames cost neither an object nor a view each.
 */
export class FrameSlot {
  /** LINKTYPE_* value of the interface the packet was captured on. */
  linkType = 0;
  /** The captured bytes are bytes[start, end). */
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  /** Capture time, Unix epoch nanoseconds. */
  timeNs = 0n;

  /** Points the slot at a frame that arrived on its own. */
  hold(frame: RawFrame): this {
    this.linkType = frame.linkType;
    this.bytes = frame.data;
    this.start = 0;
    this.end = frame.data.length;
    this.timeNs = frame.timeNs;
    return this;
  }

  /** The frame as an object of its own, with a view of its bytes. */
  toRawFrame(): RawFrame {
    const { linkType, timeNs } = this;
    return { linkType, timeNs, data: this.bytes.subarray(this.start, this.end) };
  }
}

/** What a unit of a capture container turned out to be. */
export type UnitKind = 'packet' | 'other' | 'malformed';

/**
 * A capture container read as a sequence of length-prefixed units (pcap records or pcapng
 * blocks), so one reader loop serves both formats and can work on partial file reads.
 */
export interface RecordFormat {
  /** Bytes to look at before `unitLength` can tell the size of the next unit. */
  readonly headerBytes: number;
  /**
   * Size in bytes of the unit whose header starts at bytes[at], or why the file cannot be
   * read any further.
   */
  unitLength(bytes: Uint8Array, at: number): number | string;
  /**
   * Decodes the whole unit bytes[at, at + length); a packet goes into `into`. (Positions, not
   * views: the reader cuts no view per record.)
   */
  decode(bytes: Uint8Array, at: number, length: number, into: FrameSlot): UnitKind;
}

/**
 * The largest unit accepted. A corrupt length field must not make the reader buffer the rest
 * of a huge file; real packets (even 64 KiB GSO frames) are far below this.
 */
export const MAX_UNIT_BYTES = 16 * 1024 * 1024;

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/*
 * Fixed-width reads straight from the bytes: a DataView per packet costs an allocation on the
 * hottest path. Callers check lengths first; a byte past the end reads as 0 (never a throw).
 */

export function u16be(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

export function u16(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  const b0 = bytes[at] ?? 0;
  const b1 = bytes[at + 1] ?? 0;
  return littleEndian ? b0 | (b1 << 8) : (b0 << 8) | b1;
}

export function u32(bytes: Uint8Array, at: number, littleEndian: boolean): number {
  const b0 = bytes[at] ?? 0;
  const b1 = bytes[at + 1] ?? 0;
  const b2 = bytes[at + 2] ?? 0;
  const b3 = bytes[at + 3] ?? 0;
  const word = littleEndian
    ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)
    : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
  return word >>> 0;
}
