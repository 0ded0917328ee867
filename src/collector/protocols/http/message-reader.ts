import { ByteQueue } from '../common/byte-queue.js';
import type { ParserStats } from '../common/types.js';
import { ChunkedDecoder } from './chunked.js';
import type { BodyFraming } from './framing.js';
import { findHeadEnd, type MessageHead, type MessageKind } from './head.js';
import { findStartLine } from './start-search.js';
import { StreamHeads } from './stream-heads.js';

/** Where one side's messages go. The reader frames bytes; the sink gives them meaning. */
export interface MessageSink {
  /** A head arrived. Returns how its body is framed, or null to reject the head as garbage. */
  head(head: MessageHead, timeNs: bigint): BodyFraming | null;
  /**
   * Body bytes `data[from, to)`, passed as a range so the bytes need no view of their own.
   * `borrowed` bytes are the input, valid until the push that brought them returns; others
   * are the reader's buffer, valid only during this call.
   */
  body(data: Uint8Array, from: number, to: number, borrowed: boolean): void;
  /** Body bytes were lost inside a message whose framing survives the loss. */
  bodyLost(length: number): void;
  /** The message ended: complete, or `cut` short by a gap, bad framing or the close. */
  end(timeNs: bigint, cut: boolean): void;
  /** Bytes were lost or rejected between messages: whole messages may have gone with them. */
  lost(): void;
}

/** The largest head (start line and headers) accepted; real servers allow 8-64 KiB. */
const MAX_HEAD_BYTES = 64 * 1024;

/**
 * What the next bytes are. The counters a state needs are fields of the reader rather than
 * an object per state: a new object for every message would be garbage a moment later.
 */
type State = 'sync' | 'head' | 'length' | 'chunked' | 'close' | 'tunnel';

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
  private state: State = 'sync';
  /**
   * head: how much of the queued partial head was searched for its end. sync: how much of the
   * queue was searched for a line feed and holds none, so that garbage arriving a few bytes at
   * a time is not searched again on every push.
   */
  private scanned = 0;
  /** length: body bytes still to come. */
  private remaining = 0;
  /** chunked: the body being decoded (reset for each message). */
  private readonly chunks = new ChunkedDecoder();
  private readonly chunkData = (bytes: Uint8Array): void => {
    this.sink.body(bytes, 0, bytes.length, false);
  };
  /** The queue holds exactly a whole head, this long (see headFrom); -1 otherwise. */
  private knownHeadEnd = -1;
  private readonly heads: StreamHeads;

  constructor(
    private readonly kind: MessageKind,
    private readonly sink: MessageSink,
    private readonly stats: ParserStats,
    maxBufferBytes: number,
  ) {
    this.queue = new ByteQueue(Math.max(1, maxBufferBytes));
    this.heads = new StreamHeads(kind);
    this.headLimit = Math.min(MAX_HEAD_BYTES, this.queue.maxBytes);
  }

  get bufferedBytes(): number {
    return this.queue.length;
  }

  push(data: Uint8Array, timeNs: bigint): void {
    let from = 0;
    while (from < data.length) {
      if (this.state === 'tunnel') {
        this.tunnelBytes += data.length - from;
        return;
      }
      if (this.queue.length === 0) {
        if (this.state === 'head') {
          from += this.headFrom(data, from, timeNs);
          continue;
        }
        if (this.state === 'length') {
          from += this.bodyFrom(data, from, timeNs);
          continue;
        }
        if (this.state === 'close') {
          this.sink.body(data, from, data.length, true);
          return;
        }
      }
      from += this.fillAndParse(data, from, data.length, timeNs);
    }
  }

  private fillAndParse(data: Uint8Array, from: number, to: number, timeNs: bigint): number {
    const taken = this.queue.fill(data, from, to);
    this.parse(timeNs);
    if (this.queue.free === 0) this.overflow();
    return taken;
  }

  /**
   * A head at the front of the input while nothing is queued. A head that arrived whole is
   * read from the input itself, and a repeat of a recent head of this stream is known by
   * comparing bytes; the rest (a partial head, blank lines, garbage) go through the queue.
   * Returns how many bytes it took.
   */
  private headFrom(data: Uint8Array, from: number, timeNs: bigint): number {
    const repeat = this.heads.repeatAt(data, from);
    if (repeat) {
      this.acceptHead(repeat.head, timeNs);
      return repeat.bytes.length;
    }
    const end = findHeadEnd(data, from);
    const first = data[from];
    if (end >= 0 && end - from <= this.queue.maxBytes && first !== 0x0d && first !== 0x0a) {
      const head = this.heads.headOf(data.subarray(from, end));
      if (head) {
        this.acceptHead(head, timeNs);
        return end - from;
      }
    }
    // The head's end is known: readHead need not search for it again.
    this.knownHeadEnd = end < 0 ? -1 : end - from;
    return this.fillAndParse(data, from, end < 0 ? data.length : end, timeNs);
  }

  /**
   * Body bytes of a length-framed message straight from the input, as readLength would take
   * them from the queue, without copying them through it first. Returns how many it took.
   */
  private bodyFrom(data: Uint8Array, from: number, timeNs: bigint): number {
    const count = Math.min(this.remaining, data.length - from);
    this.sink.body(data, from, from + count, true);
    this.remaining -= count;
    if (this.remaining === 0) this.finish(timeNs);
    return count;
  }

  /** `length` bytes (-1: an unknown number) were lost at this point of the stream. */
  gap(length: number, timeNs: bigint): void {
    const state = this.state;
    const fits = length >= 0 && this.queue.length === 0;
    if (state === 'tunnel') {
      this.tunnelBytes += Math.max(0, length);
    } else if (state === 'close') {
      this.sink.bodyLost(Math.max(0, length));
    } else if (state === 'length' && fits && length <= this.remaining) {
      this.sink.bodyLost(length);
      this.remaining -= length;
      if (this.remaining === 0) this.finish(timeNs);
    } else if (state === 'chunked' && fits && this.chunks.skipData(length)) {
      this.sink.bodyLost(length);
    } else {
      if (state === 'length' || state === 'chunked') this.sink.end(timeNs, true);
      this.stats.invalidBytes += this.queue.length;
      this.queue.clear();
      this.toSync();
    }
  }

  /** The connection closed: a body framed by the close ends here, any other is cut. */
  close(timeNs: bigint): void {
    const state = this.state;
    if (state === 'close') this.sink.end(timeNs, false);
    else if (state === 'length' || state === 'chunked') this.sink.end(timeNs, true);
    else if (state !== 'tunnel') this.stats.invalidBytes += this.queue.length;
    this.queue.clear();
    this.state = 'sync';
    this.scanned = 0;
  }

  /** Forget the body of the current message (a request whose body will not be sent). */
  abandonBody(timeNs: bigint): void {
    if (this.state === 'length' || this.state === 'chunked') {
      this.toHead();
      this.parse(timeNs);
    }
  }

  /** Stop parsing: the connection switched protocols. */
  stop(): void {
    this.tunnelBytes += this.queue.length;
    this.queue.clear();
    this.state = 'tunnel';
  }

  private parse(timeNs: bigint): void {
    let progressed = true;
    while (progressed) progressed = this.step(timeNs);
  }

  /** One parsing step; false when nothing more can be done with the buffered bytes. */
  private step(timeNs: bigint): boolean {
    switch (this.state) {
      case 'sync':
        return this.sync();
      case 'head':
        return this.readHead(timeNs);
      case 'length':
        return this.readLength(timeNs);
      case 'chunked':
        return this.readChunked(timeNs);
      case 'close':
        this.sink.body(this.queue.view(), 0, this.queue.length, false);
        this.queue.clear();
        return false;
      case 'tunnel':
        this.stop();
        return false;
    }
  }

  private sync(): boolean {
    const search = findStartLine(this.kind, this.queue.view(), this.scanned);
    const skip = 'found' in search ? search.found : search.keepFrom;
    this.stats.invalidBytes += skip;
    this.queue.consume(skip);
    if (!('found' in search)) {
      this.scanned = this.queue.length;
      return false;
    }
    this.toHead();
    return true;
  }

  private readHead(timeNs: bigint): boolean {
    const knownEnd = this.knownHeadEnd;
    this.knownHeadEnd = -1;
    if (this.queue.length === 0) return false;
    const bytes = this.queue.view();
    const blank = leadingBlankLines(bytes);
    if (blank > 0) {
      this.queue.consume(blank);
      this.scanned = 0;
      return true;
    }
    const end = bytes.length === knownEnd ? knownEnd : findHeadEnd(bytes, this.scanned - 2);
    if (end < 0) {
      if (!this.heads.couldBeStartLine(bytes)) return this.reject();
      this.scanned = bytes.length;
      if (bytes.length >= this.headLimit) this.overflow();
      return false;
    }
    const head = this.heads.headOf(bytes.subarray(0, end));
    if (!head) return this.reject();
    this.queue.consume(end);
    this.acceptHead(head, timeNs);
    return true;
  }

  /** Hands a head to the sink and gets ready for its body. */
  private acceptHead(head: MessageHead, timeNs: bigint): void {
    const framing = this.sink.head(head, timeNs);
    if (framing) {
      this.startBody(framing, timeNs);
    } else {
      this.stats.invalidFrames++;
      this.toSync();
    }
  }

  private startBody(framing: BodyFraming, timeNs: bigint): void {
    switch (framing.kind) {
      case 'none':
        this.finish(timeNs);
        return;
      case 'length':
        if (framing.length === 0) {
          this.finish(timeNs);
        } else {
          this.state = 'length';
          this.remaining = framing.length;
        }
        return;
      case 'chunked':
        this.state = 'chunked';
        this.chunks.reset();
        return;
      case 'close':
        this.state = 'close';
        return;
      case 'tunnel':
        this.sink.end(timeNs, false);
        this.stop();
        return;
    }
  }

  private readLength(timeNs: bigint): boolean {
    const count = Math.min(this.remaining, this.queue.length);
    if (count === 0) return false;
    this.sink.body(this.queue.view(), 0, count, false);
    this.queue.consume(count);
    this.remaining -= count;
    if (this.remaining === 0) this.finish(timeNs);
    return true;
  }

  private readChunked(timeNs: bigint): boolean {
    const progress = this.chunks.step(this.queue, this.chunkData);
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
    if (this.state !== 'tunnel') this.toHead();
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
    this.scanned = 0;
    if (this.state !== 'sync') this.toSync();
  }

  private toHead(): void {
    this.state = 'head';
    this.scanned = 0;
  }

  private toSync(): void {
    this.state = 'sync';
    this.scanned = 0;
    this.sink.lost();
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
