/**
 * Decoders for the message payloads px reads. They return null for malformed payloads (the
 * caller counts them) and never throw past this module. Payloads are views of the framer's
 * buffers, so whatever a decoded message keeps is a string, a number or a copy.
 */
import { ByteReader, ShortReadError, readOrNull } from '../common/byte-reader.js';
import { decodeUtf8 } from '../common/sql-text.js';
import type { ShortTexts } from './short-texts.js';

export interface ParseMessage {
  readonly statement: string;
  readonly query: string;
  readonly paramOids: readonly number[];
}

export interface BindParam {
  /** 0 text, 1 binary. */
  readonly format: number;
  /** A copy of the value's bytes; null for SQL NULL. */
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

/** The text up to the next zero byte, which is read too. */
function cstring(r: ByteReader): string {
  const start = r.offset;
  const end = r.bytes.indexOf(0, start);
  if (end < 0) throw new ShortReadError('unterminated string');
  r.skip(end + 1 - start);
  // Statement and portal names are mostly empty (the unnamed ones): no decoder call for those.
  return end === start ? '' : decodeUtf8(r.bytes.subarray(start, end));
}

function i16(r: ByteReader): number {
  return (r.u16be() << 16) >> 16;
}

/** Most lists are empty (text formats, untyped parameters): they share one empty array. */
const NONE: readonly number[] = Object.freeze([]);

/** A count, then that many 16-bit signed numbers (format codes). */
function i16s(r: ByteReader): readonly number[] {
  let count = r.u16be();
  if (count === 0) return NONE;
  const out: number[] = [];
  for (; count > 0; count--) out.push(i16(r));
  return out;
}

/** A count, then that many 32-bit unsigned numbers (type OIDs). */
function u32s(r: ByteReader): readonly number[] {
  let count = r.u16be();
  if (count === 0) return NONE;
  const out: number[] = [];
  for (; count > 0; count--) out.push(r.u32be());
  return out;
}

/** Query: the SQL text, without its terminator. */
export function decodeQuery(payload: Uint8Array): string | null {
  const end = payload.indexOf(0);
  return end < 0 ? null : decodeUtf8(payload.subarray(0, end));
}

/*
 * Parse, Bind and Describe come with nearly every extended-protocol statement: their decoders
 * catch short reads themselves instead of allocating a readOrNull closure per message.
 */

export function decodeParse(payload: Uint8Array): ParseMessage | null {
  try {
    const r = new ByteReader(payload);
    const statement = cstring(r);
    const query = cstring(r);
    return { statement, query, paramOids: u32s(r) };
  } catch (error) {
    return nullOnShortRead(error);
  }
}

export function decodeBind(payload: Uint8Array): BindMessage | null {
  try {
    const r = new ByteReader(payload);
    const portal = cstring(r);
    const statement = cstring(r);
    // No codes: all text; one code: for every parameter; otherwise one per parameter.
    const formats = i16s(r);
    const params: BindParam[] = [];
    for (let i = 0, count = r.u16be(); i < count; i++) {
      const format = (formats.length === 1 ? formats[0] : formats[i]) ?? 0;
      const size = r.i32be();
      params.push({ format, value: size < 0 ? null : r.take(size).slice() });
    }
    return { portal, statement, params, resultFormats: i16s(r) };
  } catch (error) {
    return nullOnShortRead(error);
  }
}

export function decodeTarget(payload: Uint8Array): TargetMessage | null {
  try {
    const r = new ByteReader(payload);
    const type = String.fromCharCode(r.u8());
    if (type !== 'S' && type !== 'P') return null;
    return { type, name: cstring(r) };
  } catch (error) {
    return nullOnShortRead(error);
  }
}

function nullOnShortRead(error: unknown): null {
  if (error instanceof ShortReadError) return null;
  throw error;
}

/** Execute: the portal name (the row limit is not shown). */
export function decodeExecute(payload: Uint8Array): string | null {
  const end = payload.indexOf(0);
  if (end < 0) return null;
  return end === 0 ? '' : decodeUtf8(payload.subarray(0, end));
}

export function decodeRowDescription(payload: Uint8Array): Field[] | null {
  return readOrNull(() => {
    const r = new ByteReader(payload);
    const fields: Field[] = [];
    for (let count = r.u16be(); count > 0; count--) {
      fields.push({
        name: cstring(r),
        tableOid: r.u32be(),
        attrNum: i16(r),
        typeOid: r.u32be(),
        typeSize: i16(r),
        typeModifier: r.i32be(),
        format: i16(r),
      });
    }
    return fields;
  });
}

export function decodeParameterDescription(payload: Uint8Array): readonly number[] | null {
  return readOrNull(() => u32s(new ByteReader(payload)));
}

/** CommandComplete: the command tag, e.g. "INSERT 0 1"; `tags` has the ones seen lately. */
export function decodeCommandComplete(payload: Uint8Array, tags: ShortTexts): string {
  const end = payload.indexOf(0);
  return tags.text(payload, end < 0 ? payload.length : end);
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
