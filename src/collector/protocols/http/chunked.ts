import type { ByteQueue } from '../common/byte-queue.js';

/** How far a chunked body got with the bytes at hand. */
export type ChunkedProgress = 'more' | 'done' | 'invalid';

/** A chunk-size line (with extensions) or a trailer line longer than this is garbage. */
const MAX_LINE_BYTES = 4096;
/** All trailer lines together may not exceed this. */
const MAX_TRAILER_BYTES = 16 * 1024;
/** 13 hex digits is 2^52: beyond that the size is not a number we can count exactly. */
const MAX_SIZE_DIGITS = 13;

/**
 * Decodes `Transfer-Encoding: chunked` (RFC 9112 §7.1) incrementally from a queue:
 * chunk-size lines with extensions (ignored), chunk data handed to `sink` as it arrives,
 * and trailer fields (skipped). Consumes exactly the bytes of the body, so whatever follows
 * in the queue is the next message.
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';
  private remaining = 0;
  private trailerBytes = 0;

  /** Starts over for the next body. */
  reset(): void {
    this.state = 'size';
    this.remaining = 0;
    this.trailerBytes = 0;
  }

  step(queue: ByteQueue, sink: (bytes: Uint8Array) => void): ChunkedProgress {
    for (;;) {
      const progress = this.stepOnce(queue, sink);
      if (progress !== 'continue') return progress;
    }
  }

  /** Chunk data bytes that were lost; false when the gap does not fit inside the chunk. */
  skipData(length: number): boolean {
    if (this.state !== 'data' || length < 0 || length > this.remaining) return false;
    this.remaining -= length;
    if (this.remaining === 0) this.state = 'data-end';
    return true;
  }

  private stepOnce(
    queue: ByteQueue,
    sink: (bytes: Uint8Array) => void,
  ): ChunkedProgress | 'continue' {
    if (this.state === 'data') {
      const count = Math.min(this.remaining, queue.length);
      if (count === 0) return 'more';
      sink(queue.view().subarray(0, count));
      queue.consume(count);
      this.remaining -= count;
      if (this.remaining === 0) this.state = 'data-end';
      return 'continue';
    }
    if (this.state === 'data-end' && !startsLineEnd(queue.view())) return 'invalid';
    const line = takeLine(queue);
    if (line === null) return queue.length > MAX_LINE_BYTES ? 'invalid' : 'more';
    switch (this.state) {
      case 'size':
        return this.onSizeLine(line);
      case 'data-end':
        if (line.length !== 0) return 'invalid';
        this.state = 'size';
        return 'continue';
      case 'trailer':
        this.trailerBytes += line.length;
        if (this.trailerBytes > MAX_TRAILER_BYTES) return 'invalid';
        return line.length === 0 ? 'done' : 'continue';
    }
  }

  private onSizeLine(line: string): ChunkedProgress | 'continue' {
    const match = /^([0-9A-Fa-f]+)[ \t]*(;.*)?$/.exec(line);
    const digits = match?.[1];
    if (digits === undefined || digits.length > MAX_SIZE_DIGITS) return 'invalid';
    this.remaining = parseInt(digits, 16);
    this.state = this.remaining === 0 ? 'trailer' : 'data';
    return 'continue';
  }
}

/** Whether the bytes can begin a bare line ending (CRLF or LF), so garbage fails at once. */
function startsLineEnd(bytes: Uint8Array): boolean {
  const [first, second] = bytes;
  if (first === undefined || first === 0x0a) return true;
  return first === 0x0d && (second === undefined || second === 0x0a);
}

/** Takes one line (without CRLF or LF) off the front of the queue, or null if incomplete. */
function takeLine(queue: ByteQueue): string | null {
  const lf = queue.indexOf(0x0a);
  if (lf < 0 || lf > MAX_LINE_BYTES) return null;
  const bytes = queue.view().subarray(0, lf);
  const end = bytes[lf - 1] === 0x0d ? lf - 1 : lf;
  const line = Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('latin1');
  queue.consume(lf + 1);
  return line;
}
