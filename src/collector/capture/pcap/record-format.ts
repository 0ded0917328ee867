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
 * A capture container read as a sequence of length-prefixed units (pcap records or pcapng
 * blocks), so one reader loop serves both formats and can work on partial file reads.
 */
export interface RecordFormat {
  /** Bytes to look at before `unitLength` can tell the size of the next unit. */
  readonly headerBytes: number;
  /** Size in bytes of the next unit, or why the file cannot be read any further. */
  unitLength(header: Uint8Array): number | string;
  /** Decodes one whole unit: a frame, `undefined` for a non-packet unit, or 'malformed'. */
  decode(unit: Uint8Array): RawFrame | undefined | 'malformed';
}

/**
 * The largest unit accepted. A corrupt length field must not make the reader buffer the rest
 * of a huge file; real packets (even 64 KiB GSO frames) are far below this.
 */
export const MAX_UNIT_BYTES = 16 * 1024 * 1024;

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
