/**
 * Decoders for the message payloads px reads. They return null for malformed payloads (the
 * caller counts them) and never throw past this module. DataRow is read leniently: a payload
 * cut at the framer's keep limit yields the columns that fit.
 */
import { ByteReader, ShortReadError, readOrNull } from '../common/byte-reader.js';
import { decodeUtf8 } from '../common/sql-text.js';

export interface ParseMessage {
  readonly statement: string;
  readonly query: string;
  readonly paramOids: readonly number[];
}

export interface BindParam {
  /** 0 text, 1 binary. */
  readonly format: number;
  readonly value: Uint8Array | null;
}

export interface BindMessage {
  readonly portal: string;
  readonly statement: string;
  readonly params: readonly BindParam[];
  readonly resultFormats: readonly number[];
}

/** Describe or Close: a statement ('S') or portal ('P') by name. */
export interface TargetMessage {
  readonly type: 'S' | 'P';
  readonly name: string;
}

export interface Field {
  readonly name: string;
  readonly tableOid: number;
  readonly attrNum: number;
  readonly typeOid: number;
  readonly typeSize: number;
  readonly typeModifier: number;
  readonly format: number;
}

export interface ErrorField {
  /** The field's one-letter code ('S' severity, 'C' SQLSTATE, 'M' message, ...). */
  readonly code: string;
  readonly value: string;
}

function cstring(r: ByteReader): string {
  const end = r.bytes.indexOf(0, r.offset);
  if (end < 0) throw new ShortReadError('unterminated string');
  const text = decodeUtf8(r.take(end - r.offset));
  r.skip(1);
  return text;
}

function i16(r: ByteReader): number {
  return (r.u16be() << 16) >> 16;
}

function repeat<T>(count: number, read: (index: number) => T): T[] {
  if (count < 0) throw new ShortReadError('negative count');
  return Array.from({ length: count }, (_, index) => read(index));
}

/** Query: the SQL text, without its terminator. */
export function decodeQuery(payload: Uint8Array): string | null {
  return readOrNull(() => cstring(new ByteReader(payload)));
}

export function decodeParse(payload: Uint8Array): ParseMessage | null {
  return readOrNull(() => {
    const r = new ByteReader(payload);
    const statement = cstring(r);
    const query = cstring(r);
    const paramOids = repeat(r.u16be(), () => r.u32be());
    return { statement, query, paramOids };
  });
}

export function decodeBind(payload: Uint8Array): BindMessage | null {
  return readOrNull(() => {
    const r = new ByteReader(payload);
    const portal = cstring(r);
    const statement = cstring(r);
    // No codes: all text; one code: for every parameter; otherwise one per parameter.
    const formats = repeat(r.u16be(), () => i16(r));
    const params = repeat(r.u16be(), (i): BindParam => {
      const format = (formats.length === 1 ? formats[0] : formats[i]) ?? 0;
      const size = r.i32be();
      return { format, value: size < 0 ? null : r.take(size) };
    });
    const resultFormats = repeat(r.u16be(), () => i16(r));
    return { portal, statement, params, resultFormats };
  });
}

export function decodeTarget(payload: Uint8Array): TargetMessage | null {
  return readOrNull(() => {
    const r = new ByteReader(payload);
    const type = String.fromCharCode(r.u8());
    if (type !== 'S' && type !== 'P') throw new ShortReadError('bad target type');
    return { type, name: cstring(r) };
  });
}

/** Execute: the portal name (the row limit is not shown). */
export function decodeExecute(payload: Uint8Array): string | null {
  return readOrNull(() => cstring(new ByteReader(payload)));
}

export function decodeRowDescription(payload: Uint8Array): Field[] | null {
  return readOrNull(() => {
    const r = new ByteReader(payload);
    return repeat(r.u16be(), () => ({
      name: cstring(r),
      tableOid: r.u32be(),
      attrNum: i16(r),
      typeOid: r.u32be(),
      typeSize: i16(r),
      typeModifier: r.i32be(),
      format: i16(r),
    }));
  });
}

export function decodeParameterDescription(payload: Uint8Array): number[] | null {
  return readOrNull(() => {
    const r = new ByteReader(payload);
    return repeat(r.u16be(), () => r.u32be());
  });
}

/** DataRow columns (null for SQL NULL); a cut payload yields the columns that fit. */
export function decodeDataRow(payload: Uint8Array): (Uint8Array | null)[] {
  const columns: (Uint8Array | null)[] = [];
  const r = new ByteReader(payload);
  if (r.remaining < 2) return columns;
  const count = r.u16be();
  for (let i = 0; i < count && r.remaining >= 4; i++) {
    const size = r.i32be();
    columns.push(size < 0 ? null : r.take(Math.min(size, r.remaining)));
  }
  return columns;
}

/** CommandComplete: the command tag, e.g. "INSERT 0 1". */
export function decodeCommandComplete(payload: Uint8Array): string {
  const end = payload.indexOf(0);
  return decodeUtf8(end < 0 ? payload : payload.subarray(0, end));
}

/** ErrorResponse and NoticeResponse: coded fields until a zero byte. */
export function decodeErrorFields(payload: Uint8Array): ErrorField[] {
  const fields: ErrorField[] = [];
  const r = new ByteReader(payload);
  while (r.remaining > 0) {
    const code = r.u8();
    if (code === 0) break;
    const value = readOrNull(() => cstring(r));
    if (value === null) break;
    fields.push({ code: String.fromCharCode(code), value });
  }
  return fields;
}
