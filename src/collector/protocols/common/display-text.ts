/**
 * Turning captured payload bytes into column text. Parsers keep only a prefix of large
 * payloads; the text of a cut payload ends with `TRUNCATED_MARKER` so a reader sees it is
 * incomplete. Bytes that are not text become null, and the caller shows a placeholder.
 */

import { RecentByBytes } from './recent-by-bytes.js';

/** Appended to text that was cut (Pixie uses the same marker). */
export const TRUNCATED_MARKER = '... [TRUNCATED]';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes `bytes` for display, or returns null when they look binary: a NUL byte, or more
 * than 1 in 32 bytes being control characters other than tab, newline, carriage return,
 * form feed, vertical tab and escape. Text is read as UTF-8, or as Latin-1 when it is not
 * valid UTF-8 (older pages and HTTP/1.0 defaults), so one odd byte does not hide a page.
 * When `cut` is true the bytes are a prefix of a longer payload, so a UTF-8 character
 * split at the end is dropped. Only `bytes[from, to)` is read.
 */
export function bytesToText(
  bytes: Uint8Array,
  cut: boolean,
  from = 0,
  to = bytes.length,
): string | null {
  const recent = cut ? RECENT_CUT : RECENT_WHOLE;
  // Read in place: a repeated payload (the usual case) then costs no view of its bytes.
  const known = recent.get(bytes, from, to);
  if (known !== undefined) return known;
  const payload = bytes.subarray(from, to);
  const text = decodeText(payload, cut);
  recent.set(payload, text);
  return text;
}

/** Texts of recent payloads (bodies repeat), separately for whole and cut ones. */
const RECENT_WHOLE = new RecentByBytes<string | null>(256);
const RECENT_CUT = new RecentByBytes<string | null>(256);

function decodeText(bytes: Uint8Array, cut: boolean): string | null {
  const whole = cut ? bytes.subarray(0, completeCharacterEnd(bytes)) : bytes;
  let controls = 0;
  for (let i = 0; i < whole.length; i++) {
    const byte = whole[i] as number;
    if (byte >= 0x20) continue;
    if (byte === 0) return null;
    if (!isAllowedControl(byte)) controls++;
  }
  if (controls * 32 > whole.length) return null;
  try {
    return utf8.decode(whole);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  }
}

/** Text of a possibly cut payload: the text, plus the marker when `cut`. */
export function withTruncationMarker(text: string, cut: boolean): string {
  if (!cut) return text;
  let marked = RECENT_MARKED.get(text);
  if (marked === undefined) {
    if (RECENT_MARKED.size >= 256) RECENT_MARKED.clear();
    marked = text + TRUNCATED_MARKER;
    RECENT_MARKED.set(text, marked);
  }
  return marked;
}

/** Marked texts by their text: a payload cut the same way again gets the same string. */
const RECENT_MARKED = new Map<string, string>();

/** Tab, newline, vertical tab, form feed, carriage return (0x09-0x0d) and escape. */
function isAllowedControl(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x1b;
}

/** Length of `bytes` without a trailing UTF-8 sequence that is missing continuation bytes. */
function completeCharacterEnd(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= Math.min(4, end); back++) {
    const byte = bytes[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const expected = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return expected > back ? end - back : end;
  }
  return end;
}
