/**
 * Values of the binary protocol, as COM_STMT_EXECUTE sends parameters: fixed-width integers and
 * floats, length-prefixed strings, and packed dates and times. Each is rendered as the text a
 * person would type in SQL (strings unquoted, as Pixie shows them).
 */
import { decodeUtf8 } from '../common/sql-text.js';
import type { WireReader } from './wire-reader.js';

/** MySQL column types (enum_field_types) that carry values on the wire. */
export const FIELD_TYPE = {
  decimal: 0x00,
  tiny: 0x01,
  short: 0x02,
  long: 0x03,
  float: 0x04,
  double: 0x05,
  null: 0x06,
  timestamp: 0x07,
  longlong: 0x08,
  int24: 0x09,
  date: 0x0a,
  time: 0x0b,
  datetime: 0x0c,
  year: 0x0d,
  newdate: 0x0e,
  varchar: 0x0f,
  bit: 0x10,
  json: 0xf5,
  newdecimal: 0xf6,
  enum: 0xf7,
  set: 0xf8,
  tinyBlob: 0xf9,
  mediumBlob: 0xfa,
  longBlob: 0xfb,
  blob: 0xfc,
  varString: 0xfd,
  string: 0xfe,
  geometry: 0xff,
} as const;

const INT_WIDTH: ReadonlyMap<number, number> = new Map([
  [FIELD_TYPE.tiny, 1],
  [FIELD_TYPE.short, 2],
  [FIELD_TYPE.year, 2],
  [FIELD_TYPE.long, 4],
  [FIELD_TYPE.int24, 4],
  [FIELD_TYPE.longlong, 8],
]);

const STRING_TYPES: ReadonlySet<number> = new Set([
  FIELD_TYPE.decimal,
  FIELD_TYPE.varchar,
  FIELD_TYPE.bit,
  FIELD_TYPE.json,
  FIELD_TYPE.newdecimal,
  FIELD_TYPE.enum,
  FIELD_TYPE.set,
  FIELD_TYPE.tinyBlob,
  FIELD_TYPE.mediumBlob,
  FIELD_TYPE.longBlob,
  FIELD_TYPE.blob,
  FIELD_TYPE.varString,
  FIELD_TYPE.string,
  FIELD_TYPE.geometry,
]);

/** Reads one value of `type`; undefined when the bytes run out or the type is unknown. */
export function readBinaryValue(
  r: WireReader,
  type: number,
  unsigned: boolean,
): string | undefined {
  const width = INT_WIDTH.get(type);
  if (width !== undefined) return readInteger(r, width, unsigned);
  if (STRING_TYPES.has(type)) {
    const bytes = r.lenencBytes();
    return bytes === undefined ? undefined : decodeUtf8(bytes);
  }
  switch (type) {
    case FIELD_TYPE.float:
      return readFloat(r, 4);
    case FIELD_TYPE.double:
      return readFloat(r, 8);
    case FIELD_TYPE.null:
      return 'NULL';
    case FIELD_TYPE.date:
    case FIELD_TYPE.newdate:
    case FIELD_TYPE.datetime:
    case FIELD_TYPE.timestamp:
      return readDateTime(r, type !== FIELD_TYPE.date && type !== FIELD_TYPE.newdate);
    case FIELD_TYPE.time:
      return readTime(r);
    default:
      return undefined;
  }
}

function readInteger(r: WireReader, width: number, unsigned: boolean): string | undefined {
  if (width === 8) {
    const raw = r.u64();
    if (raw === undefined) return undefined;
    return (unsigned ? raw : BigInt.asIntN(64, raw)).toString();
  }
  const raw = r.uint(width);
  if (raw === undefined) return undefined;
  const bits = width * 8;
  const signed = !unsigned && raw >= 2 ** (bits - 1) ? raw - 2 ** bits : raw;
  return String(signed);
}

function readFloat(r: WireReader, width: 4 | 8): string | undefined {
  const bytes = r.take(width);
  if (bytes === undefined) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, width);
  // A float32 widened to a double shows noise digits; 7 significant digits is what it holds.
  return width === 4
    ? String(Number(view.getFloat32(0, true).toPrecision(7)))
    : String(view.getFloat64(0, true));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** DATE, DATETIME and TIMESTAMP: a length byte (0, 4, 7 or 11), then the parts present. */
function readDateTime(r: WireReader, withTime: boolean): string | undefined {
  const length = r.u8();
  if (length === undefined) return undefined;
  const parts = r.take(length);
  if (parts === undefined) return undefined;
  const p = new WireReaderLite(parts);
  const date = `${pad(p.uint(2), 4)}-${pad(p.uint(1))}-${pad(p.uint(1))}`;
  if (!withTime) return date;
  const time = `${pad(p.uint(1))}:${pad(p.uint(1))}:${pad(p.uint(1))}`;
  const micros = length >= 11 ? `.${pad(p.uint(4), 6)}` : '';
  return `${date} ${time}${micros}`;
}

/** TIME: a length byte (0, 8 or 12), sign, days, hours, minutes, seconds, microseconds. */
function readTime(r: WireReader): string | undefined {
  const length = r.u8();
  if (length === undefined) return undefined;
  const parts = r.take(length);
  if (parts === undefined) return undefined;
  const p = new WireReaderLite(parts);
  const negative = p.uint(1) === 1;
  const hours = p.uint(4) * 24 + p.uint(1);
  const time = `${negative ? '-' : ''}${pad(hours)}:${pad(p.uint(1))}:${pad(p.uint(1))}`;
  return length >= 12 ? `${time}.${pad(p.uint(4), 6)}` : time;
}

/** Reads parts of a packed date; missing parts read as zero, as the protocol defines. */
class WireReaderLite {
  private offset = 0;
  constructor(private readonly bytes: Uint8Array) {}
  uint(size: number): number {
    let value = 0;
    for (let i = size - 1; i >= 0; i--) value = value * 256 + (this.bytes[this.offset + i] ?? 0);
    this.offset += size;
    return value;
  }
}
