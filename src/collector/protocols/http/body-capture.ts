/**
 * A message body as seen on the wire (after removing the chunked framing): its full size is
 * counted, but only a prefix of `keepLimit` bytes is stored. After a gap the bytes that follow
 * are counted but no longer stored, since they would not join up with the kept prefix.
 */
export class BodyCapture {
  /** Body bytes seen or known to be lost, i.e. the full body size. */
  size = 0;
  /** Most bodies come in one part: the array starts at that size (an empty one grows to 16). */
  private parts: Uint8Array[] | null = null;
  private keptBytes = 0;
  private broken = false;
  /** Some parts are views of bytes the caller owns (see `append`). */
  private borrowed = false;

  constructor(private readonly keepLimit: number) {}

  /**
   * Adds body bytes. `borrowed` bytes are kept as a view, not copied: the caller promises to
   * call `own` before they become invalid (most bodies are rendered before that).
   */
  append(bytes: Uint8Array, borrowed = false): void {
    this.size += bytes.length;
    if (this.broken) return;
    const take = Math.min(bytes.length, this.keepLimit - this.keptBytes);
    if (take <= 0) return;
    const whole = take === bytes.length;
    const part = borrowed ? (whole ? bytes : bytes.subarray(0, take)) : bytes.slice(0, take);
    if (this.parts === null) this.parts = [part];
    else this.parts.push(part);
    this.borrowed ||= borrowed;
    this.keptBytes += take;
  }

  /** Copies borrowed bytes, so the capture no longer depends on its caller's buffers. */
  own(): void {
    const parts = this.parts;
    if (!this.borrowed || parts === null) return;
    for (let i = 0; i < parts.length; i++) parts[i] = (parts[i] as Uint8Array).slice();
    this.borrowed = false;
  }

  /** `length` body bytes were lost (-1 or another negative value: an unknown number). */
  lose(length: number): void {
    this.size += Math.max(0, length);
    this.broken = true;
  }

  /** The body ended before its framing said it would (gap or close). */
  markIncomplete(): void {
    this.broken = true;
  }

  /** Whether `kept()` is less than the whole body. */
  get cut(): boolean {
    return this.broken || this.keptBytes < this.size;
  }

  kept(): Uint8Array {
    const parts = this.parts ?? [];
    if (parts.length === 1 && parts[0]) return parts[0];
    const joined = new Uint8Array(this.keptBytes);
    let at = 0;
    for (const part of parts) {
      joined.set(part, at);
      at += part.length;
    }
    return joined;
  }
}
