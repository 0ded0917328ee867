/**
 * Texts of the short byte strings seen lately, handed out again for the same bytes. Command
 * tags and short statements repeat endlessly (`SELECT 1`, `UPDATE 1`, `BEGIN;`): comparing a
 * few bytes with the handful seen before costs less than a text decoder call, allocates
 * nothing, and the same string instance lets the store's dictionary coding find it again
 * cheaply.
 */
import { decodeUtf8 } from '../common/sql-text.js';

const SLOTS = 8;
/** Longer byte strings are decoded every time (this bounds the comparison and the copies). */
const MAX_BYTES = 32;

export class ShortTexts {
  private readonly keys: Uint8Array[] = [];
  private readonly texts: string[] = [];
  /** The slot the next new text replaces, round robin. */
  private next = 0;

  /** The UTF-8 text of `bytes[start, end)`. */
  text(bytes: Uint8Array, start: number, end: number): string {
    if (end - start > MAX_BYTES) return decodeUtf8(bytes.subarray(start, end));
    for (let i = 0; i < this.keys.length; i++) {
      const key = this.keys[i];
      if (key !== undefined && sameBytes(key, bytes, start, end)) return this.texts[i] ?? '';
    }
    const key = bytes.slice(start, end);
    const text = decodeUtf8(key);
    this.keys[this.next] = key;
    this.texts[this.next] = text;
    this.next = (this.next + 1) % SLOTS;
    return text;
  }
}

/** Whether `key` is exactly `bytes[start, end)`. */
function sameBytes(key: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key[i] !== bytes[start + i]) return false;
  return true;
}
