import { RecentByBytes } from '../common/recent-by-bytes.js';
import { contentCoding as contentCodingOf, type ContentCoding } from './content-decoding.js';
import { declaredFraming, type BodyFraming } from './framing.js';
import { MAX_HEADER_FIELDS, scanHead } from './head-scan.js';
import { HttpHeaders, type HeaderField } from './headers.js';

/** Which stream a message came from: requests from the client, responses from the server. */
export type MessageKind = 'request' | 'response';

/**
 * What a head's headers say about its body, worked out once when the head is parsed: heads
 * repeat (see parseHead), and these are wanted for every message.
 */
export interface BodyHeaders {
  /** How the headers frame the body (see declaredFraming); null when they contradict. */
  readonly framing: BodyFraming | null;
  /** The Content-Type value, if any. */
  readonly contentType: string | undefined;
  /** The Content-Encoding to undo for display, if any. */
  readonly contentCoding: ContentCoding | null;
}

export interface RequestHead extends BodyHeaders {
  readonly kind: 'request';
  readonly method: string;
  /** The request target exactly as on the request line (query string included). */
  readonly target: string;
  readonly major: number;
  readonly minor: number;
  readonly headers: HttpHeaders;
}

/** A response head; responseFraming weighs its status and the request with its framing. */
export interface ResponseHead extends BodyHeaders {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly major: number;
  readonly minor: number;
  readonly headers: HttpHeaders;
}

export type MessageHead = RequestHead | ResponseHead;

export type StartLine =
  | Omit<RequestHead, 'headers' | keyof BodyHeaders>
  | Omit<ResponseHead, 'headers' | keyof BodyHeaders>;

/** A start line longer than this is not HTTP (servers reject far shorter ones). */
export const MAX_START_LINE_BYTES = 16 * 1024;

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const REQUEST_LINE = new RegExp(`^(${TOKEN}) (\\S+) HTTP/1\\.([0-9])$`);
const STATUS_LINE = /^HTTP\/1\.([0-9]) ([0-9]{3})(?: (.*))?$/;

const utf8 = new TextDecoder('utf-8');

/** Parses a start line (without its line ending); null when it is not one of `kind`. */
export function parseStartLine(kind: MessageKind, line: string): StartLine | null {
  if (kind === 'request') {
    const match = REQUEST_LINE.exec(line);
    if (!match) return null;
    const [, method = '', target = '', minor = '0'] = match;
    return { kind, method, target, major: 1, minor: Number(minor) };
  }
  const match = STATUS_LINE.exec(line);
  if (!match) return null;
  const [, minor = '0', status = '0', reason = ''] = match;
  return { kind, status: Number(status), reason, major: 1, minor: Number(minor) };
}

/**
 * Parses a complete head: the start line, header lines and the blank line that ends it.
 * Accepts bare LF line endings and obsolete line folding (RFC 9112 §5.2). Returns null
 * when any line is malformed. The result is remembered for recentHead; callers look there
 * first.
 *
 * Heads in ASCII (nearly all) are parsed from the bytes in one pass (head-scan.ts); others
 * by the text parser below, whose rules that scan follows. Such a head must also have a
 * first line that is a start line when read as Latin-1: MessageReader checks that much
 * before a head completes, and a complete head must not get a different answer.
 */
export function parseHead(kind: MessageKind, bytes: Uint8Array): MessageHead | null {
  const text = utf8.decode(bytes);
  const scanned = scanHead(kind, bytes, text);
  let head: MessageHead | null;
  if (scanned === undefined) {
    head = latin1StartLine(kind, bytes) ? parseHeadText(kind, text) : null;
  } else {
    head = scanned && makeHead(scanned.start, new HttpHeaders(scanned.fields, scanned.plain));
  }
  RECENT_HEADS[kind].set(bytes, head);
  return head;
}

/**
 * What parseHead made of these very bytes recently, or undefined when it has not seen them.
 * MessageReader parses a head only once its first line passed the start-line check, so a
 * head it finds here passed that check too.
 */
export function recentHead(kind: MessageKind, bytes: Uint8Array): MessageHead | null | undefined {
  return RECENT_HEADS[kind].get(bytes);
}

/**
 * Heads recently parsed, by their bytes. Clients and servers repeat the same heads (the same
 * request from a poller, a response whose only change is the Date header each second), and a
 * head is immutable, so a repeat reuses the parsed head and its JSON instead of parsing again.
 */
const RECENT_HEADS: Record<MessageKind, RecentByBytes<MessageHead | null>> = {
  request: new RecentByBytes(1024, 16, 2048),
  response: new RecentByBytes(1024, 16, 2048),
};

/** Whether the first line of `bytes`, read as Latin-1, is a start line of `kind`. */
export function latin1StartLine(kind: MessageKind, bytes: Uint8Array): boolean {
  let lf = bytes.indexOf(0x0a);
  if (lf < 0) lf = bytes.length;
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, lf).toString('latin1');
  return parseStartLine(kind, stripCR(line)) !== null;
}

function makeHead(start: StartLine, headers: HttpHeaders): MessageHead {
  const framing = declaredFraming(start.kind, headers);
  const contentType = headers.get('content-type');
  const contentCoding = contentCodingOf(headers.get('content-encoding'));
  // Written out field by field, so every head of a kind has the same shape.
  return start.kind === 'request'
    ? {
        kind: 'request',
        method: start.method,
        target: start.target,
        major: start.major,
        minor: start.minor,
        headers,
        framing,
        contentType,
        contentCoding,
      }
    : {
        kind: 'response',
        status: start.status,
        reason: start.reason,
        major: start.major,
        minor: start.minor,
        headers,
        framing,
        contentType,
        contentCoding,
      };
}

/** The reference parser, on the decoded head; scanHead follows its rules for ASCII heads. */
export function parseHeadText(kind: MessageKind, text: string): MessageHead | null {
  let lineEnd = text.indexOf('\n');
  if (lineEnd < 0) lineEnd = text.length;
  const start = parseStartLine(kind, stripCR(text.slice(0, lineEnd)));
  if (!start) return null;
  const fields: HeaderField[] = [];
  for (let from = lineEnd + 1; from <= text.length; from = lineEnd + 1) {
    lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0) lineEnd = text.length;
    const line = stripCR(text.slice(from, lineEnd));
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      fields[fields.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const field = parseHeaderLine(line);
    if (!field || fields.length >= MAX_HEADER_FIELDS) return null;
    fields.push(field);
  }
  return makeHead(start, new HttpHeaders(fields));
}

/** RFC 9110 tchar, by char code. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = TCHAR[c + 0x20] = 1;

/** Characters a regular expression's `.` does not match (besides LF, already split on). */
const LINE_BREAK = /[\r\u2028\u2029]/;

const isBlank = (code: number): boolean => code === 0x20 || code === 0x09;

/** `name: value` (a token, a colon, the value without surrounding blanks), or null. */
function parseHeaderLine(line: string): HeaderField | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || LINE_BREAK.test(line)) return null;
  for (let i = 0; i < colon; i++) if (TCHAR[line.charCodeAt(i)] !== 1) return null;
  let from = colon + 1;
  let to = line.length;
  while (from < to && isBlank(line.charCodeAt(from))) from++;
  while (to > from && isBlank(line.charCodeAt(to - 1))) to--;
  return { name: line.slice(0, colon), value: line.slice(from, to) };
}

/**
 * Offset just past the blank line that ends a head, or -1 if it has not arrived. Searching
 * resumes at `from`; callers pass the previous length minus 2 so a terminator split across
 * reads is still found.
 */
export function findHeadEnd(bytes: Uint8Array, from = 0): number {
  let lf = bytes.indexOf(0x0a, Math.max(0, from));
  while (lf >= 0) {
    const next = bytes[lf + 1];
    if (next === 0x0a) return lf + 2;
    if (next === 0x0d && bytes[lf + 2] === 0x0a) return lf + 3;
    lf = bytes.indexOf(0x0a, lf + 1);
  }
  return -1;
}

function stripCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
