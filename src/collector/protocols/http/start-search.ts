import { MAX_START_LINE_BYTES, parseStartLine, type MessageKind } from './head.js';

/**
 * Finding the next message after garbage or lost bytes. A start line never contains a line
 * feed, so only complete lines are examined, and a line may begin with the tail of whatever
 * came before it (a body without a trailing newline, say): the start line is looked for at
 * the end of the line. A request line found after such a tail must use a well-known method,
 * so that "...abcGET / HTTP/1.1" resyncs at "GET".
 */
export type StartSearch = { readonly found: number } | { readonly keepFrom: number };

const TOKEN_SUFFIX = /[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const KNOWN_METHODS = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
  'PROPFIND',
  'PROPPATCH',
  'MKCOL',
  'COPY',
  'MOVE',
  'LOCK',
  'UNLOCK',
  'REPORT',
  'SEARCH',
  'PURGE',
];

/**
 * The offset of the first complete start line of `kind` in `bytes`, or, when there is none,
 * the offset from which bytes must be kept because a start line may still be arriving there.
 * `searched`: how many bytes at the front an earlier search found no line feed in.
 */
export function findStartLine(kind: MessageKind, bytes: Uint8Array, searched = 0): StartSearch {
  let lineStart = 0;
  let lf = bytes.indexOf(0x0a, searched);
  while (lf >= 0) {
    const line = latin1(bytes.subarray(lineStart, lf)).replace(/\r$/, '');
    const at = kind === 'request' ? requestLineAt(line) : statusLineAt(line);
    if (at >= 0) return { found: lineStart + at };
    lineStart = lf + 1;
    lf = bytes.indexOf(0x0a, lineStart);
  }
  return { keepFrom: Math.max(lineStart, bytes.length - MAX_START_LINE_BYTES) };
}

/** Whether `method` is one of the methods resync trusts after garbage. */
export function isKnownMethod(method: string): boolean {
  return KNOWN_METHODS.includes(method);
}

function statusLineAt(line: string): number {
  for (let at = line.indexOf('HTTP/1.'); at >= 0; at = line.indexOf('HTTP/1.', at + 1)) {
    if (parseStartLine('response', line.slice(at))) return at;
  }
  return -1;
}

function requestLineAt(line: string): number {
  const version = line.lastIndexOf(' HTTP/1.');
  if (version < 0) return -1;
  const targetSpace = line.lastIndexOf(' ', version - 1);
  if (targetSpace <= 0) return -1;
  const token = TOKEN_SUFFIX.exec(line.slice(0, targetSpace))?.[0] ?? '';
  // The longest well-known method the token ends with (PROPPATCH rather than PATCH).
  const known = KNOWN_METHODS.filter((method) => token.endsWith(method)).sort(
    (a, b) => b.length - a.length,
  )[0];
  const startsLine = token.length === targetSpace;
  const at = known !== undefined ? targetSpace - known.length : startsLine ? 0 : -1;
  return at >= 0 && parseStartLine('request', line.slice(at)) ? at : -1;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}
