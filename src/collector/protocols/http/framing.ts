import type { RequestHead, ResponseHead } from './head.js';
import { listTokens, type HttpHeaders } from './headers.js';

/** Where a message body ends (RFC 9112 §6.3). */
export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** The body runs until the server closes the connection (responses only). */
  | { readonly kind: 'close' }
  /** 101 Switching Protocols or a CONNECT tunnel: the bytes that follow are not HTTP. */
  | { readonly kind: 'tunnel' };

const NONE: BodyFraming = { kind: 'none' };

/** Framing of a request body; null when the head's framing headers are contradictory. */
export function requestFraming(head: RequestHead): BodyFraming | null {
  const codings = listTokens(head.headers.get('transfer-encoding'));
  if (codings.length > 0)
    return codings[codings.length - 1] === 'chunked' ? { kind: 'chunked' } : null;
  const length = contentLength(head.headers);
  if (length === null) return null;
  return length === undefined || length === 0 ? NONE : { kind: 'length', length };
}

/**
 * Framing of a response body. It depends on the request: the response to HEAD has no body
 * whatever its headers say, and a 2xx answer to CONNECT opens a tunnel. `requestMethod` is
 * undefined when the request was not seen; the response is then framed by its own headers.
 */
export function responseFraming(
  head: ResponseHead,
  requestMethod: string | undefined,
): BodyFraming | null {
  const { status } = head;
  if (status === 101) return { kind: 'tunnel' };
  if (requestMethod === 'CONNECT' && status >= 200 && status < 300) return { kind: 'tunnel' };
  if (status < 200 || status === 204 || status === 304 || requestMethod === 'HEAD') return NONE;
  const codings = listTokens(head.headers.get('transfer-encoding'));
  if (codings.length > 0) {
    return codings[codings.length - 1] === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  }
  const length = contentLength(head.headers);
  if (length === null) return null;
  return length === undefined ? { kind: 'close' } : { kind: 'length', length };
}

/**
 * Content-Length: undefined when absent, null when invalid. A repeated header (or a list)
 * is accepted when all values agree, as RFC 9112 §6.3 allows.
 */
function contentLength(headers: HttpHeaders): number | undefined | null {
  // Heads repeat (see parseHead), and with them their headers object: parse each one once.
  const known = CONTENT_LENGTHS.get(headers);
  if (known !== undefined) return known.length;
  const length = parseContentLength(headers);
  CONTENT_LENGTHS.set(headers, { length });
  return length;
}

const CONTENT_LENGTHS = new WeakMap<HttpHeaders, { readonly length: number | undefined | null }>();

function parseContentLength(headers: HttpHeaders): number | undefined | null {
  const value = headers.get('content-length');
  if (value === undefined) return undefined;
  const values = value.split(',').map((item) => item.trim());
  const first = values[0] ?? '';
  if (!/^[0-9]{1,15}$/.test(first) || values.some((item) => item !== first)) return null;
  return Number(first);
}
