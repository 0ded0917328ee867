import { ByteQueue } from '../common/byte-queue.js';
import type { ParserStats } from '../common/types.js';
import { ChunkedDecoder } from './chunked.js';
import type { BodyFraming } from './framing.js';
import {
  findHeadEnd,
  MAX_START_LINE_BYTES,
  parseHead,
  parseStartLine,
  recentHead,
  type MessageHead,
  type MessageKind,
} from './head.js';
import { findStartLine } from './start-search.js';

/** Where one side's messages go. The reader frames bytes; the sink gives them meaning. */
export interface MessageSink {
  /** A head arrived. Returns how its body is framed, or null to reject the head as garbage. */
  head(head: MessageHead, timeNs: bigint): BodyFraming | null;
  /**
   * Body bytes. `borrowed` bytes are a view of the input, valid until the push that brought
   * them returns; others are a view of the reader's buffer, valid only during this call.
   */
  body(bytes: Uint8Array, borrowed: boolean): void;
  /** Body bytes were lost inside a message whose framing survives the loss. */
  bodyLost(length: number): void;
  /** The message ended: complete, or `cut` short by a gap, bad framing or the close. */
  end(timeNs: bigint, cut: boolean): void;
  /** Bytes were lost or rejected between messages: whole messages may have gone with them. */
  lost(): void;
}

/** The largest head (start line and headers) accepted; real servers allow 8-64 KiB. */
const MAX_HEAD_BYTES = 64 * 1024;

type Phase =
  | { readonly kind: 'sync' }
  | { readonly kind: 'head'; scanned: number }
  | { readonly kind: 'length'; remaining: number }
  | { readonly kind: 'chunked'; readonly decoder: ChunkedDecoder }
  | { readonly kind: 'close' }
  | { readonly kind: 'tunnel' };

const HTTP_PREFIX = Buffer.from('HTTP/1.', 'latin1');

/**
 * Frames one direction of an HTTP/1.x connection into messages. It starts by searching for
 * a start line (so a capture that begins mid-stream works), then follows the framing of each
 * message. Body bytes are handed to the sink as they arrive, so the buffer only ever holds a
 * head or a chunk-size line; it is capped at `maxBufferBytes` all the same. After garbage or
 * lost bytes it drops the partial message and searches for the next start line.
 */
export class MessageReader {
  /** Bytes that followed a protocol switch (101, CONNECT) and were not parsed. */
  tunnelBytes = 0;
  private readonly queue: ByteQueue;
  private readonly headLimit: number;
  private phase: Phase = { kind: 'sync' };
  /** The queue holds exactly a whole head, this long (see fillEnd); -1 otherwise. */
  private knownHeadEnd = -1;

  constructor(
    private readonly kind: MessageKind,
    private readonly sink: MessageSink,
    private readonly stats: ParserStats,
    maxBufferBytes: number,
  ) {
    this.queue = new ByteQueue(Math.max(1, maxBufferBytes));
    this.headLimit = Math.min(MAX_HEAD_BYTES, this.queue.maxBytes);
  }

  get bufferedBytes(): number {
    return this.queue.length;
  }

  push(data: Uint8Array, timeNs: bigint): void {
    let from = 0;
    while (from < data.length) {
      if (this.phase.kind === 'tunnel') {
        this.tunnelBytes += data.length - from;
        return;
      }
      if (this.queue.length === 0 && this.phase.kind === 'length') {
        from += this.bodyFrom(this.phase, data, from, timeNs);
        continue;
      }
      if (this.queue.length === 0 && this.phase.kind === 'close') {
        this.sink.body(data.subarray(from), true);
        return;
      }
      from += this.queue.fill(data, from, this.fillEnd(data, from));
      this.parse(timeNs);
      if (this.queue.free === 0) this.overflow();
    }
  }

  /**
   * How far to fill the queue from `data`: a whole head that starts the input is taken alone,
   * so the body after it can be read straight from `data` (bodyFrom); otherwise all of it.
   */
  private fillEnd(data: Uint8Array, from: number): number {
    this.knownHeadEnd = -1;
    if (this.queue.length > 0 || this.phase.kind !== 'head') return data.length;
    const end = findHeadEnd(data, from);
    if (end < 0) return data.length;
    this.knownHeadEnd = end - from;
    return end;
  }

  /**
   * Body bytes of a length-framed message straight from the input, as readLength would take
   * them from the queue, without copying them through it first. Returns how many it took.
   */
  private bodyFrom(
    phase: { remaining: number },
    data: Uint8Array,
    from: number,
    timeNs: bigint,
  ): number {
    const count = Math.min(phase.remaining, data.length - from);
    this.sink.body(data.subarray(from, from + count), true);
    phase.remaining -= count;
    if (phase.remaining === 0) this.finish(timeNs);
    return count;
  }

  /** `length` bytes (-1: an unknown number) were lost at this point of the stream. */
  gap(length: number, timeNs: bigint): void {
    const phase = this.phase;
    const fits = length >= 0 && this.queue.length === 0;
    if (phase.kind === 'tunnel') {
      this.tunnelBytes += Math.max(0, length);
    } else if (phase.kind === 'close') {
      this.sink.bodyLost(Math.max(0, length));
    } else if (phase.kind === 'length' && fits && length <= phase.remaining) {
      this.sink.bodyLost(length);
      phase.remaining -= length;
      if (phase.remaining === 0) this.finish(timeNs);
    } else if (phase.kind === 'chunked' && fits && phase.decoder.skipData(length)) {
      this.sink.bodyLost(length);
    } else {
      if (phase.kind === 'length' || phase.kind === 'chunked') this.sink.end(timeNs, true);
      this.stats.invalidBytes += this.queue.length;
      this.queue.clear();
      this.toSync();
    }
  }

  /** The connection closed: a body framed by the close ends here, any other is cut. */
  close(timeNs: bigint): void {
    const { kind } = this.phase;
    if (kind === 'close') this.sink.end(timeNs, false);
    else if (kind === 'length' || kind === 'chunked') this.sink.end(timeNs, true);
    else if (kind !== 'tunnel') this.stats.invalidBytes += this.queue.length;
    this.queue.clear();
    this.phase = { kind: 'sync' };
  }

  /** Forget the body of the current message (a request whose body will not be sent). */
  abandonBody(timeNs: bigint): void {
    if (this.phase.kind === 'length' || this.phase.kind === 'chunked') {
      this.phase = { kind: 'head', scanned: 0 };
      this.parse(timeNs);
    }
  }

  /** Stop parsing: the connection switched protocols. */
  stop(): void {
    this.tunnelBytes += this.queue.length;
    this.queue.clear();
    this.phase = { kind: 'tunnel' };
  }

  private parse(timeNs: bigint): void {
    let progressed = true;
    while (progressed) progressed = this.step(timeNs);
  }

  /** One parsing step; false when nothing more can be done with the buffered bytes. */
  private step(timeNs: bigint): boolean {
    const phase = this.phase;
    switch (phase.kind) {
      case 'sync':
        return this.sync();
      case 'head':
        return this.readHead(phase, timeNs);
      case 'length':
        return this.readLength(phase, timeNs);
      case 'chunked':
        return this.readChunked(phase.decoder, timeNs);
      case 'close':
        this.sink.body(this.queue.view(), false);
        this.queue.clear();
        return false;
      case 'tunnel':
        this.stop();
        return false;
    }
  }

  private sync(): boolean {
    const search = findStartLine(this.kind, this.queue.view());
    const skip = 'found' in search ? search.found : search.keepFrom;
    this.stats.invalidBytes += skip;
    this.queue.consume(skip);
    if (!('found' in search)) return false;
    this.phase = { kind: 'head', scanned: 0 };
    return true;
  }

  private readHead(phase: { scanned: number }, timeNs: bigint): boolean {
    const bytes = this.queue.view();
    const blank = leadingBlankLines(bytes);
    if (blank > 0) {
      this.queue.consume(blank);
      phase.scanned = 0;
      return true;
    }
    // Just filled with exactly the head fillEnd found: no need to search for its end again.
    const end =
      bytes.length === this.knownHeadEnd ? bytes.length : findHeadEnd(bytes, phase.scanned - 2);
    this.knownHeadEnd = -1;
    // A head seen before passed the start-line check then, and parses the same way again.
    const known = end < 0 ? undefined : recentHead(this.kind, bytes.subarray(0, end));
    if (known === undefined && !this.couldBeStartLine(bytes)) return this.reject();
    if (end < 0) {
      phase.scanned = bytes.length;
      if (bytes.length >= this.headLimit) this.overflow();
      return false;
    }
    const head = known === undefined ? parseHead(this.kind, bytes.subarray(0, end)) : known;
    if (!head) return this.reject();
    this.queue.consume(end);
    const framing = this.sink.head(head, timeNs);
    if (!framing) {
      this.stats.invalidFrames++;
      this.toSync();
      return true;
    }
    this.startBody(framing, timeNs);
    return true;
  }

  private startBody(framing: BodyFraming, timeNs: bigint): void {
    switch (framing.kind) {
      case 'none':
        this.finish(timeNs);
        return;
      case 'length':
        if (framing.length === 0) this.finish(timeNs);
        else this.phase = { kind: 'length', remaining: framing.length };
        return;
      case 'chunked':
        this.phase = { kind: 'chunked', decoder: new ChunkedDecoder() };
        return;
      case 'close':
        this.phase = { kind: 'close' };
        return;
      case 'tunnel':
        this.sink.end(timeNs, false);
        this.stop();
        return;
    }
  }

  private readLength(phase: { remaining: number }, timeNs: bigint): boolean {
    const count = Math.min(phase.remaining, this.queue.length);
    if (count === 0) return false;
    this.sink.body(this.queue.view().subarray(0, count), false);
    this.queue.consume(count);
    phase.remaining -= count;
    if (phase.remaining === 0) this.finish(timeNs);
    return true;
  }

  private readChunked(decoder: ChunkedDecoder, timeNs: bigint): boolean {
    const progress = decoder.step(this.queue, (bytes) => {
      this.sink.body(bytes, false);
    });
    if (progress === 'more') return false;
    if (progress === 'done') {
      this.finish(timeNs);
    } else {
      this.stats.invalidFrames++;
      this.sink.end(timeNs, true);
      this.toSync();
    }
    return true;
  }

  private finish(timeNs: bigint): void {
    this.sink.end(timeNs, false);
    if (this.phase.kind !== 'tunnel') this.phase = { kind: 'head', scanned: 0 };
  }

  /** The bytes at the front are not a message: skip the first line and search again. */
  private reject(): boolean {
    const lf = this.queue.indexOf(0x0a);
    const skip = lf < 0 ? this.queue.length : lf + 1;
    this.stats.invalidFrames++;
    this.stats.invalidBytes += skip;
    this.queue.consume(skip);
    this.toSync();
    return true;
  }

  private overflow(): void {
    this.stats.overflowBytes += this.queue.length;
    this.queue.clear();
    if (this.phase.kind !== 'sync') this.toSync();
  }

  private toSync(): void {
    this.phase = { kind: 'sync' };
    this.sink.lost();
  }

  /** A cheap early check so garbage is not buffered up to the head limit. */
  private couldBeStartLine(bytes: Uint8Array): boolean {
    const lf = bytes.indexOf(0x0a);
    if (lf < 0) {
      if (bytes.length > MAX_START_LINE_BYTES) return false;
      if (this.kind === 'request') return true;
      const n = Math.min(bytes.length, HTTP_PREFIX.length);
      return HTTP_PREFIX.subarray(0, n).equals(bytes.subarray(0, n));
    }
    const line = Buffer.from(bytes.buffer, bytes.byteOffset, lf).toString('latin1');
    return parseStartLine(this.kind, line.replace(/\r$/, '')) !== null;
  }
}

/** Length of the CRLF / LF sequences at the front of `bytes` (a lone trailing CR waits). */
function leadingBlankLines(bytes: Uint8Array): number {
  let at = 0;
  for (;;) {
    if (bytes[at] === 0x0a) at += 1;
    else if (bytes[at] === 0x0d && bytes[at + 1] === 0x0a) at += 2;
    else return at;
  }
}
