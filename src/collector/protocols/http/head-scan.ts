import type { StartLine } from './head.js';
import type { HeaderField } from './headers.js';

/** What scanHead found: the start line, the header fields, and whether JSON must escape any. */
export interface ScannedHead {
  readonly start: StartLine;
  readonly fields: HeaderField[];
  /** No name or value holds a control character, quote or backslash. */
  readonly plain: boolean;
}

/** More header fields than this and the head is treated as garbage. */
export const MAX_HEADER_FIELDS = 256;

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const HT = 0x09;
const COLON = 0x3a;

/** RFC 9110 tchar, by byte. */
const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = TCHAR[c + 0x20] = 1;

/** Byte classes for field lines: 0 is printable ASCII. */
const ESCAPED = 1; // JSON escapes it: control characters, quote, backslash
const CR_BYTE = 2;
const LF_BYTE = 3;
const WIDE = 4; // not ASCII: the text parser reads the head, as Unicode rules then apply
const CLASS = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) CLASS[b] = ESCAPED;
CLASS[0x22] = CLASS[0x5c] = ESCAPED;
CLASS[CR] = CR_BYTE;
CLASS[LF] = LF_BYTE;
CLASS.fill(WIDE, 0x80);

/**
 * Parses a head of ASCII bytes in one pass over them, with the rules of the text parser in
 * head.ts: the start line, `name: value` fields (values trimmed of blanks), empty lines
 * skipped, obsolete folding joined with a space, a lone CR inside a field line refused.
 * Strings are slices of `text`, the head decoded. Returns null for a malformed head and
 * undefined for a head with a byte outside ASCII in a line it reads, which the text parser
 * must read instead (undefined is always a safe answer: that parser is the reference).
 */
export function scanHead(
  kind: 'request' | 'response',
  bytes: Uint8Array,
  text: string,
): ScannedHead | null | undefined {
  const startLf = lineEnd(bytes);
  if (startLf < 0) return undefined;
  const startEnd = withoutCR(bytes, 0, startLf);
  const start =
    kind === 'request' ? requestLine(bytes, startEnd, text) : statusLine(bytes, startEnd, text);
  if (!start) return start;
  const fields: HeaderField[] = [];
  let plain = true;
  let from = startLf + 1;
  while (from < bytes.length) {
    const first = bytes[from] as number;
    if (first === LF || (first === CR && isLineEnd(bytes, from + 1))) {
      from += first === LF ? 1 : 2; // an empty line
      continue;
    }
    const last = fields[fields.length - 1];
    let span: Span | null | undefined;
    if ((first === SP || first === HT) && last) {
      span = foldedPart(bytes, from);
      if (!span) return span;
      const value = `${last.value} ${text.slice(span.from, span.to)}`;
      fields[fields.length - 1] = { name: last.name, value };
    } else {
      const colon = nameEnd(bytes, from);
      if (colon === from || bytes[colon] !== COLON || fields.length >= MAX_HEADER_FIELDS) {
        return null;
      }
      span = fieldValue(bytes, colon + 1);
      if (!span) return span;
      fields.push({ name: text.slice(from, colon), value: text.slice(span.from, span.to) });
    }
    plain &&= span.plain;
    from = span.next;
  }
  return { start, fields, plain };
}

/** Offset of the first line feed (or the end); -1 when a byte before it is not ASCII. */
function lineEnd(bytes: Uint8Array): number {
  for (let at = 0; at < bytes.length; at++) {
    const byte = bytes[at] as number;
    if (byte === LF) return at;
    if (byte >= 0x80) return -1;
  }
  return bytes.length;
}

/** Whether a line ends at `at`: a line feed or the end of the head. */
function isLineEnd(bytes: Uint8Array, at: number): boolean {
  return at >= bytes.length || bytes[at] === LF;
}

/** The end of a line without the one CR that may precede its line feed. */
function withoutCR(bytes: Uint8Array, from: number, lf: number): number {
  return lf > from && bytes[lf - 1] === CR ? lf - 1 : lf;
}

/** Where the token starting at `from` ends. */
function nameEnd(bytes: Uint8Array, from: number): number {
  let at = from;
  while (TCHAR[bytes[at] as number] === 1) at++;
  return at;
}

/** Part of a field line: where it is, whether JSON can hold it as it is, where the next line starts. */
interface Span {
  readonly from: number;
  readonly to: number;
  readonly plain: boolean;
  readonly next: number;
}

/** The value after a colon at `from - 1`, up to the line end, without surrounding blanks. */
function fieldValue(bytes: Uint8Array, from: number): Span | null | undefined {
  let plain = true;
  let end = from;
  for (; end < bytes.length; end++) {
    const kind = CLASS[bytes[end] as number];
    if (kind === 0) continue;
    if (kind === LF_BYTE) break;
    if (kind === WIDE) return undefined;
    if (kind === CR_BYTE) {
      // Only the CR of the line ending is allowed (a regular expression's `.` stops at CR).
      if (isLineEnd(bytes, end + 1)) break;
      return null;
    }
    plain = false;
  }
  const next = bytes[end] === CR ? end + 2 : end + 1;
  let start = from;
  while (start < end && isBlank(bytes[start] as number)) start++;
  while (end > start && isBlank(bytes[end - 1] as number)) end--;
  return { from: start, to: end, plain, next };
}

/** A continuation line from `from` without what String#trim removes (a CR inside stays). */
function foldedPart(bytes: Uint8Array, from: number): Span | undefined {
  let lf = from;
  while (lf < bytes.length && bytes[lf] !== LF) {
    if ((bytes[lf] as number) >= 0x80) return undefined;
    lf++;
  }
  let start = from;
  let to = withoutCR(bytes, from, lf);
  while (start < to && isSpace(bytes[start] as number)) start++;
  while (to > start && isSpace(bytes[to - 1] as number)) to--;
  let plain = true;
  for (let at = start; at < to; at++) if (CLASS[bytes[at] as number] !== 0) plain = false;
  return { from: start, to, plain, next: lf + 1 };
}

const isBlank = (byte: number): boolean => byte === SP || byte === HT;

/** What String#trim removes, among ASCII bytes. */
const isSpace = (byte: number): boolean => byte === SP || (byte >= HT && byte <= CR);

/** `method SP target SP HTTP/1.d`, as REQUEST_LINE in head.ts. */
function requestLine(bytes: Uint8Array, end: number, text: string): StartLine | null {
  const methodEnd = nameEnd(bytes, 0);
  if (methodEnd === 0 || methodEnd >= end || bytes[methodEnd] !== SP) return null;
  let at = methodEnd + 1;
  while (at < end && !isSpace(bytes[at] as number)) at++;
  if (at === methodEnd + 1 || end - at !== VERSION.length + 1) return null;
  for (let i = 0; i < VERSION.length; i++) if (bytes[at + i] !== VERSION[i]) return null;
  const minor = (bytes[end - 1] as number) - 0x30;
  if (minor < 0 || minor > 9) return null;
  return {
    kind: 'request',
    method: text.slice(0, methodEnd),
    target: text.slice(methodEnd + 1, at),
    major: 1,
    minor,
  };
}

/** ` HTTP/1.` */
const VERSION = [SP, 0x48, 0x54, 0x54, 0x50, 0x2f, 0x31, 0x2e];

/** `HTTP/1.d SP ddd [SP reason]`, as STATUS_LINE in head.ts. */
function statusLine(bytes: Uint8Array, end: number, text: string): StartLine | null {
  if (end < 12 || (end > 12 && bytes[12] !== SP) || bytes[8] !== SP) return null;
  for (let i = 1; i < VERSION.length; i++) if (bytes[i - 1] !== VERSION[i]) return null;
  const minor = digit(bytes[7]);
  const status = digit(bytes[9]) * 100 + digit(bytes[10]) * 10 + digit(bytes[11]);
  if (Number.isNaN(minor + status)) return null;
  for (let at = 13; at < end; at++) if (bytes[at] === CR) return null;
  return {
    kind: 'response',
    status,
    reason: end > 12 ? text.slice(13, end) : '',
    major: 1,
    minor,
  };
}

/** The value of a decimal digit byte, or NaN. */
function digit(byte: number | undefined): number {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : NaN;
}
