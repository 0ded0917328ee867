import { bytesToText } from '../common/display-text.js';

const NOTHING = new Uint8Array(0);

/**
 * A message body as seen on the wire (after removing the chunked framing): its full size is
 * counted, but only a prefix of `keepLimit` bytes is stored. After a gap the bytes that follow
 * are counted but no longer stored, since they would not join up with the kept prefix.
 *
 * The kept bytes are `source[start, end)`: most bodies arrive in one part and are rendered
 * before the input that brought them is gone, so that part is borrowed in place (no copy, not
 * even a view); otherwise they are gathered in a buffer of the capture's own, which `reset`
 * keeps for the next message.
 */
export class BodyCapture {
  /** Body bytes seen or known to be lost, i.e. the full body size. */
  size = 0;
  private source: Uint8Array = NOTHING;
  private start = 0;
  private end = 0;
  /** The capture's own buffer, once one was needed. */
  private buffer: Uint8Array = NOTHING;
  private broken = false;
  /** `source` is bytes the caller owns (see `append`). */
  private borrowed = false;

  constructor(private readonly keepLimit: number) {}

  /** Empties the capture for the next message. */
  reset(): void {
    this.size = 0;
    this.source = NOTHING;
    this.start = this.end = 0;
    this.broken = false;
    this.borrowed = false;
  }

  /**
   * Adds the body bytes `data[from, to)`. `borrowed` bytes are kept in place, not copied: the
   * caller promises to call `keepCopy` before they become invalid (most bodies are rendered
   * before that). Others are copied at once.
   */
  append(data: Uint8Array, from: number, to: number, borrowed: boolean): void {
    this.size += to - from;
    if (this.broken) return;
    const kept = this.end - this.start;
    const take = Math.min(to - from, this.keepLimit - kept);
    if (take <= 0) return;
    if (kept === 0 && borrowed) {
      this.source = data;
      this.start = from;
      this.end = from + take;
      this.borrowed = true;
      return;
    }
    this.gather(kept + take);
    this.buffer.set(data.subarray(from, from + take), kept);
    this.end = kept + take;
  }

  /** Copies borrowed bytes, so the capture no longer depends on its caller's buffers. */
  keepCopy(): void {
    if (this.borrowed) this.gather(this.end - this.start);
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
    return this.broken || this.end - this.start < this.size;
  }

  /** The kept bytes; a view valid until the capture changes or its borrowed input goes. */
  kept(): Uint8Array {
    return this.source.subarray(this.start, this.end);
  }

  /** The kept bytes as display text (see bytesToText), read in place. */
  keptText(): string | null {
    return bytesToText(this.source, this.cut, this.start, this.end);
  }

  /** Moves the kept bytes to the front of the capture's own buffer, with room for `bytes`. */
  private gather(bytes: number): void {
    const kept = this.end - this.start;
    if (this.buffer.length < bytes) {
      // Doubling (up to the limit) keeps a body that trickles in from copying over and over.
      const grown = new Uint8Array(
        Math.min(this.keepLimit, Math.max(bytes, 2 * this.buffer.length)),
      );
      grown.set(this.source.subarray(this.start, this.end));
      this.buffer = grown;
    } else if (this.source !== this.buffer) {
      // Bytes in the own buffer always start at 0.
      this.buffer.set(this.source.subarray(this.start, this.end));
    }
    this.source = this.buffer;
    this.start = 0;
    this.end = kept;
    this.borrowed = false;
  }
}
