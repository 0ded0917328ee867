import type { MessageKind, RequestHead, ResponseHead } from './head.js';
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
const CHUNKED: BodyFraming = { kind: 'chunked' };
const CLOSE: BodyFraming = { kind: 'close' };
const TUNNEL: BodyFraming = { kind: 'tunnel' };

/** Framing of a request body; null when the head's framing headers are contradictory. */
export function requestFraming(head: RequestHead): BodyFraming | null {
  return head.framing;
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
  if (status === 101) return TUNNEL;
  if (requestMethod === 'CONNECT' && status >= 200 && status < 300) return TUNNEL;
  if (status < 200 || status === 204 || status === 304 || requestMethod === 'HEAD') return NONE;
  return head.framing;
}

/**
 * The framing a message's own headers declare (RFC 9112 §6.3), null when they contradict
 * each other. Worked out once per head, when it is parsed: heads repeat (see parseHead).
 */
export function declaredFraming(kind: MessageKind, headers: HttpHeaders): BodyFraming | null {
  const codings = listTokens(headers.get('transfer-encoding'));
  if (codings.length > 0) {
    if (codings[codings.length - 1] === 'chunked') return CHUNKED;
    // A request body not chunked last has no knowable end; a response body ends at the close.
    return kind === 'request' ? null : CLOSE;
  }
  const length = contentLength(headers);
  if (length === null) return null;
  if (length === undefined) return kind === 'request' ? NONE : CLOSE;
  return length === 0 ? NONE : { kind: 'length', length };
}

/**
 * Content-Length: undefined when absent, null when invalid. A repeated header (or a list)
 * is accepted when all values agree, as RFC 9112 §6.3 allows.
 */
function contentLength(headers: HttpHeaders): number | undefined | null {
  const value = headers.get('content-length');
  if (value === undefined) return undefined;
  if (DIGITS.test(value)) return Number(value);
  const values = value.split(',').map((item) => item.trim());
  const first = values[0] ?? '';
  if (!DIGITS.test(first) || values.some((item) => item !== first)) return null;
  return Number(first);
}

const DIGITS = /^[0-9]{1,15}$/;
