/**
 * Splits one direction of a PostgreSQL connection into messages: a tag byte and a big-endian
 * length that counts itself, then the payload. Before the StartupMessage the client sends
 * untagged messages (SSLRequest, GSSENCRequest, CancelRequest, StartupMessage); the server
 * answers an SSL or GSS request with one bare byte, 'N' (refused) or 'S'/'G' (accepted, after
 * which the bytes are encrypted and px stops reading). Only the first `keepBytes` of a payload
 * are kept. When the bytes stop making sense the framer seeks a plausible message start.
 *
 * Most reads hold whole messages: those are handed over in place, as a range of the read's own
 * bytes, and only a message cut by the end of a read is copied into the queue to wait for its
 * rest.
 */
import { u32At } from '../common/bytes-at.js';
import { ByteQueue } from '../common/byte-queue.js';
import type { ParserStats } from '../common/types.js';
import { looksLikeText } from '../common/sql-text.js';
import { seekFrameStart, type StartVerdict } from '../common/frame-seek.js';
import { BE, FE, isKnownMessage } from './messages.js';

export type Side = 'frontend' | 'backend';

/**
 * Receives one message: its payload (its first `keepBytes` when longer) is `bytes[start, end)`.
 * `bytes` is a buffer the framer reuses: it is valid only during the call, and whoever keeps
 * the payload must copy it. A range rather than a view: most payloads are read once or not at
 * all (ReadyForQuery, BindComplete), and a view per message was a large share of the cost.
 */
export type MessageSink = (
  tag: number,
  bytes: Uint8Array,
  start: number,
  end: number,
  timeNs: bigint,
) => void;

/** What the framer reports besides messages. */
export type PgEvent =
  | { readonly kind: 'startup' | 'ssl-request' | 'gss-request' | 'cancel'; readonly timeNs: bigint }
  | { readonly kind: 'encryption-reply'; readonly accepted: boolean; readonly timeNs: bigint }
  /** Bytes were skipped while seeking: whatever they held is lost, like a gap. */
  | { readonly kind: 'discarded' };

const HEADER_LENGTH = 5;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const MAX_STARTUP_LENGTH = 10000;
/** Messages larger than this are not believed while seeking. */
const MAX_SEEK_LENGTH = 16 * 1024 * 1024;
const TEXT_PROBE = 24;
const LOOKAHEAD_BYTES = MAX_STARTUP_LENGTH;

const N = 'N'.charCodeAt(0);
const S = 'S'.charCodeAt(0);
const G = 'G'.charCodeAt(0);

const DISCARDED: PgEvent = { kind: 'discarded' };

/** The kept head of a message whose rest is still being skipped. */
interface Partial {
  readonly tag: number;
  readonly payload: Uint8Array;
}

export class MessageFramer {
  private readonly queue: ByteQueue;
  private seeking = true;
  private streamStart = true;
  /** Frontend: untagged startup-phase messages may come. */
  private startupPhase: boolean;
  /** Backend: bare-byte answers owed to SSL/GSS requests. */
  private owedReplies = 0;
  private skip = 0;
  private partial: Partial | undefined;
  /** TLS or GSS encryption started: nothing more can be read. */
  encrypted = false;

  constructor(
    private readonly side: Side,
    private readonly keepBytes: number,
    private readonly stats: ParserStats,
    private readonly onMessage: MessageSink,
    private readonly onEvent: (event: PgEvent) => void,
  ) {
    this.queue = new ByteQueue(keepBytes + HEADER_LENGTH + LOOKAHEAD_BYTES);
    this.startupPhase = side === 'frontend';
  }

  push(data: Uint8Array, timeNs: bigint): void {
    let from = this.queue.length === 0 ? this.readInPlace(data, timeNs) : 0;
    if (from === data.length && this.queue.length === 0) return;
    do {
      const copied = this.queue.fill(data, from);
      from += copied;
      const before = this.queue.length;
      this.process(timeNs);
      if (copied === 0 && this.queue.length === before && from < data.length) {
        // Cannot happen with the bounded lookahead; never spin if it does.
        this.stats.overflowBytes += before;
        this.gap(-1);
      }
    } while (from < data.length);
  }

  /**
   * Hands over the whole messages at the front of `data` without copying them; returns how many
   * bytes they took. Stops at anything the queue path must handle: a cut or oversized message,
   * an unknown tag, or a phase other than plain messages.
   */
  private readInPlace(data: Uint8Array, timeNs: bigint): number {
    // Checked once per read: handing over a plain message never changes the phase.
    if (!this.readingMessages()) return 0;
    let at = 0;
    while (data.length - at >= HEADER_LENGTH) {
      const tag = data[at] ?? 0;
      const length = u32At(data, at + 1) - 4;
      const end = at + HEADER_LENGTH + length;
      if (length > this.keepBytes || end > data.length) break;
      if (!isKnownMessage(this.side, tag, length)) break;
      this.streamStart = false;
      this.onMessage(tag, data, at + HEADER_LENGTH, end, timeNs);
      at = end;
    }
    return at;
  }

  /** No startup message, encryption answer, seek or skip is under way. */
  private readingMessages(): boolean {
    if (this.seeking || this.skip > 0 || this.encrypted) return false;
    if (this.side === 'frontend') return !this.startupPhase;
    return this.owedReplies === 0 && !this.streamStart;
  }

  /** The client sent an SSLRequest or GSSENCRequest: one bare byte answers it. */
  expectEncryptionReply(): void {
    this.owedReplies++;
  }

  /** Bytes were lost; returns whether alignment was lost (see the MySQL framer). */
  gap(length: number): boolean {
    if (length >= 0 && this.skip >= length && this.queue.length === 0) {
      this.skip -= length;
      return false;
    }
    if (this.partial) this.stats.invalidFrames++;
    this.partial = undefined;
    this.skip = 0;
    this.queue.clear();
    this.seeking = true;
    this.streamStart = false;
    this.startupPhase = false;
    return true;
  }

  resync(): void {
    this.seeking = true;
  }

  private process(timeNs: bigint): void {
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.queue.length);
        this.queue.consume(n);
        this.skip -= n;
        if (this.skip > 0) return;
        this.finish(timeNs);
        continue;
      }
      if (this.encrypted) {
        this.queue.clear();
        return;
      }
      const special = this.side === 'backend' ? this.readReply(timeNs) : this.readUntagged(timeNs);
      if (special === 'wait') return;
      if (special === 'read') continue;
      if (this.seeking && !this.seek()) return;
      if (!this.readMessage(timeNs)) return;
    }
  }

  /**
   * Backend: the bare 'N'/'S'/'G' answer to an encryption request. When the request was not
   * seen (the answer was fed first), only a refusal is believed, and only once the
   * authentication request that must follow it is there: a mid-stream 'S' or 'N' is more
   * likely part of a message than an answer.
   */
  private readReply(timeNs: bigint): 'none' | 'wait' | 'read' {
    if (this.owedReplies === 0 && !this.streamStart) return 'none';
    const view = this.queue.view();
    const first = view[0];
    if (first === undefined) return 'wait';
    if (this.owedReplies === 0) {
      if (first !== N) return 'none';
      if (view.length < 1 + HEADER_LENGTH) return 'wait';
      const auth = view[1] === BE.auth && isKnownMessage('backend', BE.auth, u32At(view, 2) - 4);
      if (!auth) return 'none';
    } else if (first !== N && first !== S && first !== G) {
      this.owedReplies = 0; // e.g. an old server answering with an ErrorResponse
      return 'none';
    }
    this.queue.consume(1);
    this.owedReplies = Math.max(0, this.owedReplies - 1);
    this.streamStart = false;
    this.seeking = false;
    this.encrypted = first !== N;
    this.onEvent({ kind: 'encryption-reply', accepted: this.encrypted, timeNs });
    return 'read';
  }

  /** Frontend: SSLRequest, GSSENCRequest, CancelRequest or StartupMessage. */
  private readUntagged(timeNs: bigint): 'none' | 'wait' | 'read' {
    if (!this.startupPhase) return 'none';
    const view = this.queue.view();
    // Untagged lengths are small, so their first byte is 0; a tag byte never is.
    if (view.length > 0 && view[0] !== 0) return this.endStartupPhase();
    if (view.length < 8) return 'wait';
    const length = u32At(view, 0);
    const code = u32At(view, 4);
    const kind =
      length === 8 && code === SSL_REQUEST
        ? 'ssl-request'
        : length === 8 && code === GSSENC_REQUEST
          ? 'gss-request'
          : length === 16 && code === CANCEL_REQUEST
            ? 'cancel'
            : code >>> 16 === 3 && length >= 8 && length <= MAX_STARTUP_LENGTH
              ? 'startup'
              : undefined;
    if (kind === undefined) return this.endStartupPhase();
    if (view.length < length) return 'wait';
    this.queue.consume(length);
    this.streamStart = false;
    if (kind === 'startup' || kind === 'cancel') {
      this.startupPhase = false;
      this.seeking = false;
    }
    this.onEvent({ kind, timeNs });
    return 'read';
  }

  private endStartupPhase(): 'none' {
    this.startupPhase = false;
    return 'none';
  }

  /** Drops bytes up to a message start, as the MySQL framer's seek does. */
  private seek(): boolean {
    const view = this.queue.view();
    const { discard, found } = seekFrameStart(view.length, (at) => this.plausibleStart(view, at));
    this.discard(discard);
    if (found) {
      this.seeking = false;
      this.streamStart = false;
    }
    return found;
  }

  private discard(count: number): void {
    if (count === 0) return;
    this.stats.invalidBytes += count;
    this.queue.consume(count);
    this.streamStart = false;
    this.onEvent(DISCARDED);
  }

  /** A known tag, a sensible length, and (when buffered) a sensible next message. */
  private plausibleStart(bytes: Uint8Array, at: number): StartVerdict {
    if (bytes.length - at < HEADER_LENGTH) return 'need-more';
    const tag = bytes[at] ?? 0;
    const length = u32At(bytes, at + 1) - 4;
    if (length > MAX_SEEK_LENGTH || !isKnownMessage(this.side, tag, length)) return 'no';
    const body = at + HEADER_LENGTH;
    if (this.side === 'backend' && tag === BE.readyForQuery) {
      if (bytes.length <= body) return 'need-more';
      if (!'ITE'.includes(String.fromCharCode(bytes[body] ?? 0))) return 'no';
    }
    if (this.side === 'frontend' && tag === FE.query) {
      const probe = Math.min(length - 1, TEXT_PROBE);
      if (bytes.length < body + probe) return 'need-more';
      if (!looksLikeText(bytes.subarray(body, body + probe))) return 'no';
    }
    const next = body + length;
    if (bytes.length < next + HEADER_LENGTH) return 'plausible';
    return isKnownMessage(this.side, bytes[next] ?? 0, u32At(bytes, next + 1) - 4)
      ? 'proven'
      : 'no';
  }

  private readMessage(timeNs: bigint): boolean {
    const view = this.queue.view();
    if (view.length < HEADER_LENGTH) return false;
    const tag = view[0] ?? 0;
    const length = u32At(view, 1) - 4;
    if (!isKnownMessage(this.side, tag, length)) {
      this.stats.invalidFrames++;
      this.discard(1);
      this.seeking = true;
      return true;
    }
    const keepNow = Math.min(length, this.keepBytes);
    if (view.length < HEADER_LENGTH + keepNow) return false;
    const end = HEADER_LENGTH + keepNow;
    // Consuming leaves the bytes in place until the next fill, so the view stays valid.
    this.queue.consume(end);
    this.streamStart = false;
    if (keepNow === length) {
      this.onMessage(tag, view, HEADER_LENGTH, end, timeNs);
    } else {
      // The rest is skipped over later reads, which refill the queue: keep a copy of the head.
      this.partial = { tag, payload: view.slice(HEADER_LENGTH, end) };
      this.skip = length - keepNow;
    }
    return true;
  }

  private finish(timeNs: bigint): void {
    const partial = this.partial;
    this.partial = undefined;
    if (partial) this.onMessage(partial.tag, partial.payload, 0, partial.payload.length, timeNs);
  }
}
