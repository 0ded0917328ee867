/**
 * The pcapng file format: a sequence of blocks. A Section Header Block sets the byte order and
 * starts a new list of interfaces; each Interface Description Block gives one interface's link
 * type and timestamp resolution; Enhanced, Simple and (obsolete) Packet Blocks carry packets.
 * Other blocks (name resolution, statistics, secrets, custom) are skipped.
 */
import { MAX_UNIT_BYTES, dataView } from './record-format.js';
import type { RawFrame, RecordFormat } from './record-format.js';

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
  readonly toNs: (units: bigint) => bigint;
}

export function isPcapngMagic(first4: Uint8Array): boolean {
  return dataView(first4).getUint32(0, false) === PCAPNG_SHB_TYPE;
}

/** The record format for a pcapng file; the first block must be a Section Header Block. */
export function openPcapng(): RecordFormat {
  let littleEndian = true;
  let interfaces: PcapngInterface[] = [];
  // Simple Packet Blocks carry no timestamp: they get the last time seen, so time never runs back.
  let lastTimeNs = 0n;

  const frame = (iface: PcapngInterface | undefined, timeNs: bigint, data: Uint8Array) => {
    if (iface === undefined) return 'malformed' as const;
    lastTimeNs = timeNs;
    return { linkType: iface.linkType, timeNs, data };
  };

  return {
    // Type, total length, and the first body word: for a section header that is the byte-order
    // magic, needed to read the length itself.
    headerBytes: 12,
    unitLength(bytes: Uint8Array, at: number): number | string {
      const view = dataView(bytes.subarray(at, at + 12));
      if (view.getUint32(0, false) === PCAPNG_SHB_TYPE) {
        const order = sectionByteOrder(view);
        if (order === undefined) return 'pcapng section header with a bad byte-order magic';
        littleEndian = order;
      }
      const length = view.getUint32(4, littleEndian);
      if (length < 12 || length % 4 !== 0 || length > MAX_UNIT_BYTES) {
        return `pcapng block with an impossible length ${length}`;
      }
      return length;
    },
    decode(bytes: Uint8Array, at: number, length: number): RawFrame | undefined | 'malformed' {
      const unit = bytes.subarray(at, at + length);
      const view = dataView(unit);
      const type = view.getUint32(0, littleEndian);
      const bodyEnd = unit.length - 4;
      switch (type) {
        case PCAPNG_SHB_TYPE:
          interfaces = [];
          return undefined;
        case BLOCK_IDB: {
          const iface = readInterface(view, littleEndian, bodyEnd);
          if (iface === undefined) return 'malformed';
          interfaces.push(iface);
          return undefined;
        }
        case BLOCK_EPB:
        case BLOCK_PB_OBSOLETE: {
          if (bodyEnd < 28) return 'malformed';
          const ifaceId =
            type === BLOCK_EPB ? view.getUint32(8, littleEndian) : view.getUint16(8, littleEndian);
          const iface = interfaces[ifaceId];
          const units =
            (BigInt(view.getUint32(12, littleEndian)) << 32n) |
            BigInt(view.getUint32(16, littleEndian));
          const captured = view.getUint32(20, littleEndian);
          if (28 + captured > bodyEnd || iface === undefined) return 'malformed';
          return frame(iface, iface.toNs(units), unit.subarray(28, 28 + captured));
        }
        case BLOCK_SPB: {
          if (bodyEnd < 12) return 'malformed';
          const iface = interfaces[0];
          const original = view.getUint32(8, littleEndian);
          let captured = Math.min(original, bodyEnd - 12);
          if (iface !== undefined && iface.snapLength > 0) {
            captured = Math.min(captured, iface.snapLength);
          }
          return frame(iface, lastTimeNs, unit.subarray(12, 12 + captured));
        }
        default:
          return undefined;
      }
    },
  };
}

function sectionByteOrder(view: DataView): boolean | undefined {
  if (view.getUint32(8, true) === BYTE_ORDER_MAGIC) return true;
  if (view.getUint32(8, false) === BYTE_ORDER_MAGIC) return false;
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
 * if_tsresol: with the top bit clear the unit is 10^-n s, with it set 2^-n s (default 10^-6).
 */
function timestampConverter(resolution: number, offsetSeconds: bigint): (units: bigint) => bigint {
  const offsetNs = offsetSeconds * 1_000_000_000n;
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
