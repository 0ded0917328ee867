/**
 * Decoders for the message payloads px reads. They return null for malformed payloads (the
 * caller counts them) and never throw past this module. Payloads are in the framer's buffers,
 * so whatever a decoded message keeps is a string, a number or a copy. The frequent small
 * messages are read in place, as `bytes[start, end)`; the others as a view of their own.
 */
import { ByteReader, ShortReadError, readOrNull } from '../common/byte-reader.js';
import type { ShortTexts } from './short-texts.js';
import { i32At, u16At } from '../common/bytes-at.js';
import { textAt, zeroAt } from './read-at.js';

export interface ParseMessage {
  readonly statement: string;
  readonly query: string;
  readonly paramOids: readonly number[];
}

export interface BindParam {
  /** 0 text, 1 binary. */
  readonly format: number;
  /**
   * A text-format value as its text (which needs no type), a copy of a binary value's bytes (to
   * be read with the type known when the Bind is answered), null for SQL NULL.
   */
  readonly value: string | Uint8Array | null;
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
  return end === start ? '' : textAt(r.bytes, start, end);
}

function i16(r: ByteReader): number {
  return (r.u16be() << 16) >> 16;
}

/** Most lists are empty (text formats, untyped parameters): they share one empty array. */
const NONE: readonly number[] = Object.freeze([]);

/** A count, then that many 32-bit unsigned numbers (type OIDs). */
function u32s(r: ByteReader): readonly number[] {
  let count = r.u16be();
  if (count === 0) return NONE;
  const out: number[] = [];
  for (; count > 0; count--) out.push(r.u32be());
  return out;
}

/**
 * Query: the SQL text, without its terminator. `texts` holds the short statements seen lately
 * (`BEGIN;`, `END;`), which need no decoding when they come again.
 */
export function decodeQuery(
  bytes: Uint8Array,
  start: number,
  end: number,
  texts: ShortTexts,
): string | null {
  const zero = zeroAt(bytes, start, end);
  return zero < 0 ? null : texts.text(bytes, start, zero);
}

/*
 * Parse comes with nearly every extended-protocol statement (though mostly repeated, see
 * LastPayload): its decoder catches short reads itself instead of allocating a readOrNull
 * closure per message.
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

/** Bind, read in place from `bytes[start, end)`: one comes with each extended-protocol query. */
export function decodeBind(bytes: Uint8Array, start: number, end: number): BindMessage | null {
  const portalEnd = zeroAt(bytes, start, end);
  const statementEnd = portalEnd < 0 ? -1 : zeroAt(bytes, portalEnd + 1, end);
  if (statementEnd < 0) return null;
  // No codes: all text; one code: for every parameter; otherwise one per parameter.
  const formats = codesAt(bytes, statementEnd + 1, end);
  if (formats === null) return null;
  let at = statementEnd + 3 + 2 * formats.length;
  if (end - at < 2) return null;
  const count = u16At(bytes, at);
  at += 2;
  // Each parameter takes at least 4 bytes; the array is sized up front (a push allocates for 16).
  if (count * 4 > end - at) return null;
  const params = new Array<BindParam>(count);
  for (let i = 0; i < count; i++) {
    if (end - at < 4) return null;
    const size = i32At(bytes, at);
    at += 4;
    if (size > end - at) return null;
    const format = (formats.length === 1 ? formats[0] : formats[i]) ?? 0;
    params[i] = { format, value: size < 0 ? null : paramValue(bytes, at, at + size, format) };
    if (size > 0) at += size;
  }
  const resultFormats = codesAt(bytes, at, end);
  if (resultFormats === null) return null;
  const portal = portalEnd === start ? '' : textAt(bytes, start, portalEnd);
  const statement =
    statementEnd === portalEnd + 1 ? '' : textAt(bytes, portalEnd + 1, statementEnd);
  return { portal, statement, params, resultFormats };
}

/** Format codes at `at`: a count, then that many 16-bit signed numbers; null when cut short. */
function codesAt(bytes: Uint8Array, at: number, end: number): readonly number[] | null {
  if (end - at < 2) return null;
  const count = u16At(bytes, at);
  if (count === 0) return NONE;
  if (end - at - 2 < 2 * count) return null;
  const codes = new Array<number>(count);
  for (let i = 0; i < count; i++) codes[i] = (u16At(bytes, at + 2 + 2 * i) << 16) >> 16;
  return codes;
}

/** Text now for the text format: the text the row needs, without keeping a copy of the bytes. */
function paramValue(
  bytes: Uint8Array,
  start: number,
  end: number,
  format: number,
): string | Uint8Array {
  return format === 0 ? textAt(bytes, start, end) : bytes.slice(start, end);
}

const STATEMENT = 'S'.charCodeAt(0);
const PORTAL = 'P'.charCodeAt(0);
/** Clients describe and close the unnamed statement and portal over and over. */
const UNNAMED_STATEMENT: TargetMessage = Object.freeze({ type: 'S', name: '' });
const UNNAMED_PORTAL: TargetMessage = Object.freeze({ type: 'P', name: '' });

/** Describe or Close, read from `bytes[start, end)`. */
export function decodeTarget(bytes: Uint8Array, start: number, end: number): TargetMessage | null {
  const type = end > start ? bytes[start] : undefined;
  if (type !== STATEMENT && type !== PORTAL) return null;
  if (end - start === 2 && bytes[start + 1] === 0) {
    return type === STATEMENT ? UNNAMED_STATEMENT : UNNAMED_PORTAL;
  }
  const zero = zeroAt(bytes, start + 1, end);
  if (zero < 0) return null;
  const name = zero === start + 1 ? '' : textAt(bytes, start + 1, zero);
  return { type: type === STATEMENT ? 'S' : 'P', name };
}

function nullOnShortRead(error: unknown): null {
  if (error instanceof ShortReadError) return null;
  throw error;
}

/** Execute: the portal name (the row limit is not shown). */
export function decodeExecute(bytes: Uint8Array, start: number, end: number): string | null {
  const zero = zeroAt(bytes, start, end);
  if (zero < 0) return null;
  return zero === start ? '' : textAt(bytes, start, zero);
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
export function decodeCommandComplete(
  bytes: Uint8Array,
  start: number,
  end: number,
  tags: ShortTexts,
): string {
  const zero = zeroAt(bytes, start, end);
  return tags.text(bytes, start, zero < 0 ? end : zero);
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
