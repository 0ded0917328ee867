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

  /** The value remembered for exactly these bytes, if any. */
  get(payload: Uint8Array): T | undefined {
    const bytes = this.bytes;
    if (bytes?.length !== payload.length) return undefined;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] !== payload[i]) return undefined;
    return this.value;
  }

  /** Remembers `value` for a copy of `payload`, which may be a view of a reused buffer. */
  set(payload: Uint8Array, value: T): void {
    if (payload.length > MAX_BYTES) return;
    this.bytes = payload.slice();
    this.value = value;
  }
}
