/**
 * The classic libpcap file format: a 24-byte file header, then records of a 16-byte header
 * and the captured bytes. Both byte orders, micro- and nanosecond timestamps.
 */
import { PacketTime } from './packet-time.js';
import { MAX_UNIT_BYTES, u32 } from './record-format.js';
import type { FrameSlot, RecordFormat } from './record-format.js';

export const PCAP_FILE_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;

const MAGIC_MICROS = 0xa1b2c3d4;
const MAGIC_NANOS = 0xa1b23c4d;

/** True when these first four bytes are a pcap magic number in either byte order. */
export function isPcapMagic(first4: Uint8Array): boolean {
  return pcapByteOrder(first4) !== undefined;
}

function pcapByteOrder(first4: Uint8Array): { littleEndian: boolean; nanos: boolean } | undefined {
  for (const littleEndian of [true, false]) {
    const magic = u32(first4, 0, littleEndian);
    if (magic === MAGIC_MICROS) return { littleEndian, nanos: false };
    if (magic === MAGIC_NANOS) return { littleEndian, nanos: true };
  }
  return undefined;
}

/** Reads the file header and returns the record format for the rest of the file. */
export function openPcap(fileHeader: Uint8Array): RecordFormat | string {
  const order = pcapByteOrder(fileHeader);
  if (order === undefined || fileHeader.length < PCAP_FILE_HEADER_BYTES) {
    return 'not a pcap file header';
  }
  const { littleEndian, nanos } = order;
  // The upper bits of the link-type word carry FCS flags; the link type is the low 16 bits.
  const linkType = u32(fileHeader, 20, littleEndian) & 0xffff;
  const fractionNs = nanos ? 1 : 1000;
  // Records of one second share its BigInt as the base of their times.
  let lastSeconds = -1;
  const time = new PacketTime();
  return {
    headerBytes: RECORD_HEADER_BYTES,
    unitLength(bytes: Uint8Array, at: number): number | string {
      const captured = u32(bytes, at + 8, littleEndian);
      if (captured > MAX_UNIT_BYTES) return `pcap record claims ${captured} captured bytes`;
      return RECORD_HEADER_BYTES + captured;
    },
    decode(bytes: Uint8Array, at: number, length: number, into: FrameSlot): 'packet' {
      const seconds = u32(bytes, at, littleEndian);
      if (seconds !== lastSeconds) {
        lastSeconds = seconds;
        time.setBase(BigInt(seconds) * 1_000_000_000n);
      }
      // A fraction is below 2^32, so fraction * 1000 stays an exact integer as a number.
      const fraction = u32(bytes, at + 4, littleEndian) * fractionNs;
      into.linkType = linkType;
      into.timeNs = time.at(fraction);
      into.bytes = bytes;
      into.start = at + RECORD_HEADER_BYTES;
      into.end = at + length;
      return 'packet';
    },
  };
}
