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
const HEADER_LINE = new RegExp(`^(${TOKEN}):[ \\t]*(.*?)[ \\t]*$`);

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
  const lines = utf8.decode(bytes).split('\n');
  const start = parseStartLine(kind, stripCR(lines[0] ?? ''));
  if (!start) return null;
  const fields: HeaderField[] = [];
  for (const raw of lines.slice(1)) {
    const line = stripCR(raw);
    if (line === '') continue;
    const last = fields[fields.length - 1];
    if ((line.startsWith(' ') || line.startsWith('\t')) && last) {
      fields[fields.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const match = HEADER_LINE.exec(line);
    if (!match || fields.length >= MAX_HEADER_FIELDS) return null;
    fields.push({ name: match[1] ?? '', value: match[2] ?? '' });
  }
  return { ...start, headers: new HttpHeaders(fields) };
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
