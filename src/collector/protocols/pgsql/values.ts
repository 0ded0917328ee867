/**
 * Parameter and column values as text. Text-format values are shown as sent. Binary-format
 * values are decoded for the common types when the type is known (from Parse, from a
 * ParameterDescription, or from a RowDescription) and shown as bytea hex otherwise.
 */
import { decodeUtf8, hexText } from '../common/sql-text.js';
import { textAt } from './read-at.js';

/** Pixie's text for SQL NULL. */
export const NULL_TEXT = '[NULL]';

const OID = {
  bool: 16,
  bytea: 17,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  text: 25,
  oid: 26,
  json: 114,
  float4: 700,
  float8: 701,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  uuid: 2950,
  jsonb: 3802,
} as const;

const TEXT_OIDS: ReadonlySet<number> = new Set([
  OID.name,
  OID.text,
  OID.json,
  OID.bpchar,
  OID.varchar,
]);

/** Microseconds from the Unix epoch to PostgreSQL's, 2000-01-01. */
const PG_EPOCH_MICROS = 946_684_800_000_000n;

export function valueText(
  value: Uint8Array | null,
  format: number,
  typeOid: number | undefined,
): string {
  if (value === null) return NULL_TEXT;
  return valueTextAt(value, 0, value.length, format, typeOid);
}

/** The text of the value `bytes[start, end)`: read in place unless it is binary. */
export function valueTextAt(
  bytes: Uint8Array,
  start: number,
  end: number,
  format: number,
  typeOid: number | undefined,
): string {
  if (format === 0 || TEXT_OIDS.has(typeOid ?? -1)) return textAt(bytes, start, end);
  const value = bytes.subarray(start, end);
  return binaryText(value, typeOid ?? 0) ?? hexText(value);
}

function binaryText(value: Uint8Array, typeOid: number): string | undefined {
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  const size = value.length;
  switch (typeOid) {
    case OID.bool:
      return size === 1 ? (value[0] === 0 ? 'f' : 't') : undefined;
    case OID.int2:
      return size === 2 ? String(view.getInt16(0)) : undefined;
    case OID.int4:
      return size === 4 ? String(view.getInt32(0)) : undefined;
    case OID.oid:
      return size === 4 ? String(view.getUint32(0)) : undefined;
    case OID.int8:
      return size === 8 ? view.getBigInt64(0).toString() : undefined;
    case OID.float4:
      return size === 4 ? String(Number(view.getFloat32(0).toPrecision(7))) : undefined;
    case OID.float8:
      return size === 8 ? String(view.getFloat64(0)) : undefined;
    case OID.jsonb:
      return size >= 1 && value[0] === 1 ? decodeUtf8(value.subarray(1)) : undefined;
    case OID.uuid:
      return size === 16 ? uuidText(value) : undefined;
    case OID.date:
      return size === 4 ? isoDate(BigInt(view.getInt32(0)) * 86_400_000_000n) : undefined;
    case OID.timestamp:
    case OID.timestamptz:
      return size === 8
        ? isoTimestamp(view.getBigInt64(0), typeOid === OID.timestamptz)
        : undefined;
    default:
      return undefined;
  }
}

function uuidText(value: Uint8Array): string {
  const hex = hexText(value).slice(2);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function toDate(micros: bigint): Date | undefined {
  const ms = Number((micros + PG_EPOCH_MICROS) / 1000n);
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function isoDate(micros: bigint): string | undefined {
  return toDate(micros)?.toISOString().slice(0, 10);
}

/** PostgreSQL's own text form: `2024-01-02 03:04:05.123456`, `+00` for timestamptz (UTC). */
function isoTimestamp(micros: bigint, withZone: boolean): string | undefined {
  const date = toDate(micros);
  if (!date) return undefined;
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const base = date.toISOString().slice(0, 19).replace('T', ' ');
  const frac = fraction === 0n ? '' : `.${fraction.toString().padStart(6, '0').replace(/0+$/, '')}`;
  return `${base}${frac}${withZone ? '+00' : ''}`;
}
