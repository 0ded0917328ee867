/**
 * Reads of a payload in place, as `bytes[start, end)` of the framer's buffer: no view, no
 * reader object. The frequent messages (Bind, DataRow, CommandComplete) are read this way;
 * nothing found past `end` counts (numbers are read with ../common/bytes-at.ts).
 */
import { decodeUtf8 } from '../common/sql-text.js';

/** Longer texts go to the decoder, which is faster from about this length on. */
const TEXT_LOOP_MAX = 8;
/** Longer ranges are searched by indexOf, likewise. */
const SEARCH_LOOP_MAX = 16;

/**
 * The text of `bytes[start, end)`, decoded as `decodeUtf8` would. Most values and names are a
 * few ASCII characters (numbers, `P_1`): for those a plain loop is about twice as fast as a
 * decoder call, which also needs a view of the range.
 */
export function textAt(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= TEXT_LOOP_MAX) {
    let text = '';
    for (let i = start; i < end; i++) {
      const byte = bytes[i] ?? 0;
      // ASCII reads the same either way; anything else (and a BOM) is the decoder's.
      if (byte >= 0x80) return decodeUtf8(bytes.subarray(start, end));
      text += String.fromCharCode(byte);
    }
    return text;
  }
  return decodeUtf8(bytes.subarray(start, end));
}

/** Where the first zero byte of `bytes[start, end)` is, or -1. */
export function zeroAt(bytes: Uint8Array, start: number, end: number): number {
  // Short ranges (command tags, names) are searched faster by a loop than by an indexOf call.
  if (end - start <= SEARCH_LOOP_MAX) {
    for (let i = start; i < end; i++) if (bytes[i] === 0) return i;
    return -1;
  }
  // When the range has none, indexOf searches on: mostly to the next message, whose length has
  // a zero byte.
  const at = bytes.indexOf(0, start);
  return at < end ? at : -1;
}
