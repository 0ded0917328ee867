/**
 * The pcapng file format: a sequence of blocks. A Section Header Block sets the byte order and
 * starts a new list of interfaces; each Interface Description Block gives one interface's link
 * type and timestamp resolution; Enhanced, Simple and (obsolete) Packet Blocks carry packets.
 * Other blocks (name resolution, statistics, secrets, custom) are skipped.
 */
import { PacketTime } from './packet-time.js';
import { MAX_UNIT_BYTES, dataView, u16, u32 } from './record-format.js';
import type { FrameSlot, RecordFormat, UnitKind } from './record-format.js';

export const PCAPNG_SHB_TYPE = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BLOCK_IDB = 1;
const BLOCK_PB_OBSOLETE = 2;
const BLOCK_SPB = 3;
const BLOCK_EPB = 6;
const OPT_END = 0;
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

interface PcapngInterface {
  readonly linkType: number;
  readonly snapLength: number;
  /** A timestamp, given as its high and low 32-bit words, in Unix ns. */
  readonly toNs: (high: number, low: number) => bigint;
}

export function isPcapngMagic(first4: Uint8Array): boolean {
  return u32(first4, 0, false) === PCAPNG_SHB_TYPE;
}

/** The record format for a pcapng file; the first block must be a Section Header Block. */
export function openPcapng(): RecordFormat {
  let littleEndian = true;
  let interfaces: PcapngInterface[] = [];
  // Simple Packet Blocks carry no timestamp: they get the last time seen, so time never runs back.
  let lastTimeNs = 0n;

  const frame = (
    iface: PcapngInterface | undefined,
    timeNs: bigint,
    bytes: Uint8Array,
    start: number,
    end: number,
    into: FrameSlot,
  ): UnitKind => {
    if (iface === undefined) return 'malformed';
    lastTimeNs = timeNs;
    into.linkType = iface.linkType;
    into.timeNs = timeNs;
    into.bytes = bytes;
    into.start = start;
    into.end = end;
    return 'packet';
  };

  return {
    // Type, total length, and the first body word: for a section header that is the byte-order
    // magic, needed to read the length itself.
    headerBytes: 12,
    unitLength(bytes: Uint8Array, at: number): number | string {
      if (u32(bytes, at, false) === PCAPNG_SHB_TYPE) {
        const order = sectionByteOrder(bytes, at + 8);
        if (order === undefined) return 'pcapng section header with a bad byte-order magic';
        littleEndian = order;
      }
      const length = u32(bytes, at + 4, littleEndian);
      if (length < 12 || length % 4 !== 0 || length > MAX_UNIT_BYTES) {
        return `pcapng block with an impossible length ${length}`;
      }
      return length;
    },
    // Packet blocks are read in place, without a view or DataView per block.
    decode(bytes: Uint8Array, at: number, length: number, into: FrameSlot): UnitKind {
      const word = (offset: number) => u32(bytes, at + offset, littleEndian);
      const type = word(0);
      const bodyEnd = length - 4;
      switch (type) {
        case PCAPNG_SHB_TYPE:
          interfaces = [];
          return 'other';
        case BLOCK_IDB: {
          const view = dataView(bytes.subarray(at, at + length));
          const iface = readInterface(view, littleEndian, bodyEnd);
          if (iface === undefined) return 'malformed';
          interfaces.push(iface);
          return 'other';
        }
        case BLOCK_EPB:
        case BLOCK_PB_OBSOLETE: {
          if (bodyEnd < 28) return 'malformed';
          const ifaceId = type === BLOCK_EPB ? word(8) : u16(bytes, at + 8, littleEndian);
          const iface = interfaces[ifaceId];
          const captured = word(20);
          if (28 + captured > bodyEnd || iface === undefined) return 'malformed';
          const timeNs = iface.toNs(word(12), word(16));
          return frame(iface, timeNs, bytes, at + 28, at + 28 + captured, into);
        }
        case BLOCK_SPB: {
          if (bodyEnd < 12) return 'malformed';
          const iface = interfaces[0];
          const original = word(8);
          let captured = Math.min(original, bodyEnd - 12);
          if (iface !== undefined && iface.snapLength > 0) {
            captured = Math.min(captured, iface.snapLength);
          }
          return frame(iface, lastTimeNs, bytes, at + 12, at + 12 + captured, into);
        }
        default:
          return 'other';
      }
    },
  };
}

function sectionByteOrder(bytes: Uint8Array, magicAt: number): boolean | undefined {
  if (u32(bytes, magicAt, true) === BYTE_ORDER_MAGIC) return true;
  if (u32(bytes, magicAt, false) === BYTE_ORDER_MAGIC) return false;
  return undefined;
}

function readInterface(
  view: DataView,
  littleEndian: boolean,
  bodyEnd: number,
): PcapngInterface | undefined {
  if (bodyEnd < 16) return undefined;
  const linkType = view.getUint16(8, littleEndian);
  const snapLength = view.getUint32(12, littleEndian);
  let resolution = 6;
  let offsetSeconds = 0n;
  for (let at = 16; at + 4 <= bodyEnd;) {
    const code = view.getUint16(at, littleEndian);
    const length = view.getUint16(at + 2, littleEndian);
    if (code === OPT_END || at + 4 + length > bodyEnd) break;
    if (code === OPT_IF_TSRESOL && length >= 1) resolution = view.getUint8(at + 4);
    if (code === OPT_IF_TSOFFSET && length >= 8) {
      offsetSeconds = view.getBigInt64(at + 4, littleEndian);
    }
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  return { linkType, snapLength, toNs: timestampConverter(resolution, offsetSeconds) };
}

/**
 * A low word times a factor up to this is an exact number (below 2^53), so timestamps of such
 * resolutions convert with one BigInt per packet (see PacketTime), not a chain of BigInt operations.
 */
const MAX_EXACT_FACTOR = 2 ** 21;

/**
 * if_tsresol: with the top bit clear the unit is 10^-n s, with it set 2^-n s (default 10^-6).
 */
function timestampConverter(
  resolution: number,
  offsetSeconds: bigint,
): (high: number, low: number) => bigint {
  const offsetNs = offsetSeconds * 1_000_000_000n;
  const exponent = resolution & 0x7f;
  const factor = 10 ** (9 - exponent);
  if ((resolution & 0x80) === 0 && exponent <= 9 && factor <= MAX_EXACT_FACTOR) {
    // Micro- to nanoseconds: the high word's part is shared until the high word changes.
    let lastHigh = -1;
    const time = new PacketTime();
    return (high, low) => {
      if (high !== lastHigh) {
        lastHigh = high;
        time.setBase((BigInt(high) << 32n) * BigInt(factor) + offsetNs);
      }
      return time.at(low * factor);
    };
  }
  const toNs = unitsConverter(resolution, offsetNs);
  return (high, low) => toNs((BigInt(high) << 32n) | BigInt(low));
}

function unitsConverter(resolution: number, offsetNs: bigint): (units: bigint) => bigint {
  const exponent = resolution & 0x7f;
  if ((resolution & 0x80) !== 0) {
    const shift = BigInt(exponent);
    return (units) => ((units * 1_000_000_000n) >> shift) + offsetNs;
  }
  if (exponent <= 9) {
    const factor = 10n ** BigInt(9 - exponent);
    return (units) => units * factor + offsetNs;
  }
  const divisor = 10n ** BigInt(exponent - 9);
  return (units) => units / divisor + offsetNs;
}
