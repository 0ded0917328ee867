/**
 * Where one HTTP/1.1 response ends in the bytes a client has received so far. The load client
 * only talks to nginx serving a static file, which always sends Content-Length, so that is the
 * only framing understood; anything else is reported as malformed rather than guessed at.
 */
const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n/i;
/** Longer headers than this mean the peer is not the server we expect. */
const MAX_HEADER_BYTES = 16 * 1024;

/** Bytes of the first complete response in `received`; 0 while incomplete, -1 if malformed. */
export function responseLength(received: Buffer): number {
  const headerEnd = received.indexOf(HEADER_END);
  if (headerEnd < 0) return received.length > MAX_HEADER_BYTES ? -1 : 0;
  if (!received.subarray(0, 5).equals(Buffer.from('HTTP/'))) return -1;
  // Include the header's own CRLF so the regex can anchor Content-Length on a line start.
  const head = received.toString('latin1', 0, headerEnd + 2);
  const match = CONTENT_LENGTH.exec(head);
  if (match?.[1] === undefined) return -1;
  const total = headerEnd + HEADER_END.length + Number(match[1]);
  return received.length >= total ? total : 0;
}

const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close[ \t]*\r\n/i;

/** Whether a complete response (as delimited by responseLength) ends its connection. */
export function closesConnection(response: Buffer): boolean {
  const headerEnd = response.indexOf(HEADER_END);
  return CONNECTION_CLOSE.test(response.toString('latin1', 0, headerEnd + 2));
}

/** The status code of a complete response, or 0 when the status line is not a number. */
export function statusCode(response: Buffer): number {
  const code = Number(response.toString('latin1', 9, 12));
  return Number.isInteger(code) ? code : 0;
}
