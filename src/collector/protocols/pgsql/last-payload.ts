/**
 * What was made from the last payload of one kind, reused while the same bytes come again. A
 * client repeats its statements, so the server's RowDescriptions repeat too, and comparing a
 * few dozen bytes costs less than decoding them and building their text anew.
 */

/** Longer payloads are not remembered (this bounds the copy kept). */
const MAX_BYTES = 1024;

export class LastPayload<T> {
  private bytes: Uint8Array | undefined;
  private value: T | undefined;

  /** The value remembered for exactly the payload `bytes[start, end)`, if any. */
  get(bytes: Uint8Array, start: number, end: number): T | undefined {
    const kept = this.bytes;
    if (kept?.length !== end - start) return undefined;
    for (let i = 0; i < kept.length; i++) if (kept[i] !== bytes[start + i]) return undefined;
    return this.value;
  }

  /** Remembers `value` for a copy of `bytes[start, end)`, which may be in a reused buffer. */
  set(bytes: Uint8Array, start: number, end: number, value: T): void {
    if (end - start > MAX_BYTES) return;
    this.bytes = bytes.slice(start, end);
    this.value = value;
  }
}
