import type { MessageSide } from '../protocols/common/types.js';

/**
 * What the first bytes of one direction say about TLS: a ClientHello or ServerHello opens the
 * stream (`hello`), they cannot be one (`not-tls`), or they are too short to tell yet.
 */
export type TlsVerdict =
  | { readonly kind: 'hello'; readonly side: MessageSide }
  | { readonly kind: 'not-tls' }
  | { readonly kind: 'need-more' };

const HANDSHAKE_RECORD = 0x16;
const CLIENT_HELLO = 1;
const SERVER_HELLO = 2;
/** Record header (5) + handshake header (4) + the hello's legacy_version (2). */
const HELLO_PREFIX_BYTES = 11;
/** A hello body holds at least a version, 32 random bytes and a session id length. */
const MIN_HELLO_BODY = 38;
/** TLSPlaintext.length may not exceed 2^14. */
const MAX_RECORD_BODY = 1 << 14;

const NOT_TLS: TlsVerdict = { kind: 'not-tls' };
const NEED_MORE: TlsVerdict = { kind: 'need-more' };

/** SSL 3.0 to TLS 1.3 all spell their version 3.x with x ≤ 4 (record and hello alike). */
function isVersionAt(bytes: Uint8Array, at: number): boolean | undefined {
  const major = bytes[at];
  const minor = bytes[at + 1];
  if (major !== undefined && major !== 3) return false;
  if (minor !== undefined && minor > 4) return false;
  return major === undefined || minor === undefined ? undefined : true;
}

/**
 * Reads the start of a byte stream as a TLS handshake record carrying a hello. Every byte that
 * has arrived must fit, so a stream that merely starts with 0x16 is rejected as soon as a
 * later byte disagrees, while a hello split across chunks waits for its 11th byte.
 */
export function readTlsHello(bytes: Uint8Array): TlsVerdict {
  if (bytes.length === 0) return NEED_MORE;
  if (bytes[0] !== HANDSHAKE_RECORD || isVersionAt(bytes, 1) === false) return NOT_TLS;
  if (bytes.length >= 5) {
    const recordLength = ((bytes[3] as number) << 8) | (bytes[4] as number);
    if (recordLength < 4 + MIN_HELLO_BODY || recordLength > MAX_RECORD_BODY) return NOT_TLS;
  }
  const type = bytes[5];
  if (type !== undefined && type !== CLIENT_HELLO && type !== SERVER_HELLO) return NOT_TLS;
  if (bytes.length >= 9) {
    const helloLength =
      ((bytes[6] as number) << 16) | ((bytes[7] as number) << 8) | (bytes[8] as number);
    if (helloLength < MIN_HELLO_BODY) return NOT_TLS;
  }
  if (isVersionAt(bytes, 9) === false) return NOT_TLS;
  if (bytes.length < HELLO_PREFIX_BYTES) return NEED_MORE;
  return { kind: 'hello', side: type === CLIENT_HELLO ? 'request' : 'response' };
}
