/**
 * Text for the SQL tables (MySQL and PostgreSQL): lenient UTF-8, since Pixie shows
 * statement text and values as they are, and Pixie-style truncation with the shared marker.
 */
import { TRUNCATED_MARKER } from './display-text.js';

const utf8 = new TextDecoder('utf-8');

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Decodes at most `maxBytes` bytes, cut on a character boundary, marking a cut. */
export function decodeBody(bytes: Uint8Array, maxBytes: number): string {
  if (bytes.length <= maxBytes) return utf8.decode(bytes);
  let end = Math.max(0, maxBytes);
  // Step back over UTF-8 continuation bytes so the cut never splits a character.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return utf8.decode(bytes.subarray(0, end)) + TRUNCATED_MARKER;
}

const utf8Encoder = new TextEncoder();

/** Cuts an already decoded string to `maxBytes` UTF-8 bytes with the marker. */
export function truncateText(text: string, maxBytes: number): string {
  // A UTF-16 unit encodes to at most 3 bytes: short strings need no encoding pass.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = utf8Encoder.encode(text);
  return bytes.length <= maxBytes ? text : decodeBody(bytes, maxBytes);
}

/** True when the bytes read as statement text: no control characters but tab, CR and LF. */
export function looksLikeText(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
    if (b === 0x7f) return false;
  }
  return true;
}

const HEX = '0123456789abcdef';

/** PostgreSQL's bytea hex form, as in `\x0a1b`, for values that are not text. */
export function hexText(bytes: Uint8Array): string {
  let out = '\\x';
  for (const b of bytes) out += (HEX[b >> 4] ?? '') + (HEX[b & 15] ?? '');
  return out;
}
