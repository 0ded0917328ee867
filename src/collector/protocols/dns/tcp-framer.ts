import { ByteQueue } from '../common/byte-queue.js';
import type { ParserStats } from '../common/types.js';
import { dnsPlausibility } from './detect.js';

/** Room for the largest message (65535 bytes) and its length prefix. */
const LARGEST_FRAME = 2 + 0xffff;

/**
 * Splits one direction of a DNS-over-TCP stream (RFC 1035 §4.2.2: each message is preceded
 * by its 2-byte length) into messages; many may share a segment and one may span several.
 * After a gap or a frame that does not parse, it searches for the next offset where a
 * plausible length and header start. A message longer than the buffer cap is skipped by its
 * length and counted as overflow, so the stream stays in step.
 */
export class DnsTcpFramer {
  private readonly queue: ByteQueue;
  private synced = true;
  private skipping = 0;

  constructor(
    private readonly stats: ParserStats,
    maxBufferBytes: number,
  ) {
    this.queue = new ByteQueue(Math.max(1, Math.min(maxBufferBytes, LARGEST_FRAME)));
  }

  get bufferedBytes(): number {
    return this.queue.length;
  }

  /**
   * Frames `data`, calling `onMessage` with each whole message (a view valid only during the
   * call). `onMessage` returns false when the bytes are not a DNS message after all.
   */
  push(data: Uint8Array, onMessage: (message: Uint8Array) => boolean): void {
    let from = 0;
    while (from < data.length) {
      if (this.skipping > 0) {
        const count = Math.min(this.skipping, data.length - from);
        this.skipping -= count;
        this.stats.overflowBytes += count;
        from += count;
        continue;
      }
      from += this.queue.fill(data, from);
      this.extract(onMessage);
      if (this.queue.free === 0) this.skipOversized();
    }
  }

  /** Bytes were lost: what is buffered cannot be completed, so search afresh. */
  gap(): void {
    this.stats.invalidBytes += this.queue.length;
    this.queue.clear();
    this.skipping = 0;
    this.synced = false;
  }

  close(): void {
    this.stats.invalidBytes += this.queue.length;
    this.queue.clear();
  }

  private extract(onMessage: (message: Uint8Array) => boolean): void {
    for (;;) {
      if (!this.synced && !this.search()) return;
      const view = this.queue.view();
      if (view.length < 2) return;
      const length = ((view[0] ?? 0) << 8) | (view[1] ?? 0);
      if (view.length < 2 + length) return;
      if (length >= 12 && onMessage(view.subarray(2, 2 + length))) {
        this.queue.consume(2 + length);
        continue;
      }
      // Not a message: the framing is lost. Step past this offset and search.
      this.stats.invalidFrames++;
      this.discard(1);
      this.synced = false;
    }
  }

  /** Moves to the next plausible frame start; false if there is none yet. */
  private search(): boolean {
    const view = this.queue.view();
    for (let at = 0; at + 2 <= view.length; at++) {
      const length = ((view[at] ?? 0) << 8) | (view[at + 1] ?? 0);
      if (length < 12) continue;
      const plausible = dnsPlausibility(view.subarray(at + 2, at + 2 + length));
      if (plausible === 'no') continue;
      this.discard(at);
      if (plausible === 'more') return false;
      this.synced = true;
      return true;
    }
    this.discard(Math.max(0, view.length - 1));
    return false;
  }

  /** The buffer is full and stuck: a frame larger than the cap, or a search that keeps waiting. */
  private skipOversized(): void {
    const view = this.queue.view();
    const length = ((view[0] ?? 0) << 8) | (view[1] ?? 0);
    if (this.synced) this.skipping = 2 + length - view.length;
    this.stats.overflowBytes += view.length;
    this.queue.clear();
  }

  private discard(count: number): void {
    this.stats.invalidBytes += count;
    this.queue.consume(count);
  }
}
