import { RecentByBytes } from '../common/recent-by-bytes.js';
import { HttpHeaders, type HeaderField } from './headers.js';

/** Which stream a message came from: requests from the client, responses from the server. */
export type MessageKind = 'request' | 'response';

export interface RequestHead {
  readonly kind: 'request';
  readonly method: string;
  /** The request target exactly as on the request line (query string included). */
  readonly target: string;
  readonly major: number;
  readonly minor: number;
  readonly headers: HttpHeaders;
}

export interface ResponseHead {
  readonly kind: 'response';
  readonly status: number;
  readonly reason: string;
  readonly major: number;
  readonly minor: number;
  readonly headers: HttpHeaders;
}

export type MessageHead = RequestHead | ResponseHead;

type StartLine = Omit<RequestHead, 'headers'> | Omit<ResponseHead, 'headers'>;

/** More header fields than this and the head is treated as garbage. */
const MAX_HEADER_FIELDS = 256;

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
 * when any line is malformed.
 */
export function parseHead(kind: MessageKind, bytes: Uint8Array): MessageHead | null {
  const known = recentHead(kind, bytes);
  if (known !== undefined) return known;
  const head = parseHeadText(kind, utf8.decode(bytes));
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

function parseHeadText(kind: MessageKind, text: string): MessageHead | null {
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
  return { ...start, headers: new HttpHeaders(fields) };
}

/** RFC 9110 tchar, by char code. */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = TCHAR[c + 0x20] = 1;

/** Characters a regular expression's `.` does not match (besides LF, already split on). */
const LINE_BREAK = /[\r\u2028\u2029]/;

const isBlank = (code: number): boolean => code === 0x20 || code === 0x09;

/**
 * `name: value` (a token, a colon, the value without surrounding blanks), or null. Written
 * out rather than as a regular expression: it runs for every header of every message.
 */
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
