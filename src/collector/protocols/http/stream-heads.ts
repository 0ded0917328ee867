import {
  latin1StartLine,
  MAX_START_LINE_BYTES,
  parseHead,
  recentHead,
  type MessageHead,
  type MessageKind,
} from './head.js';

/** Distinct heads remembered per stream: a client mixes a few requests, a server its answers. */
const REMEMBERED = 4;
/** Longer heads are not remembered (parseHead's cache stops there too). */
const MAX_REMEMBERED_BYTES = 2048;

const HTTP_PREFIX = Buffer.from('HTTP/1.', 'latin1');

/** A head and (a copy of) the bytes it was parsed from. */
export interface RepeatHead {
  readonly bytes: Buffer;
  readonly head: MessageHead;
}

/**
 * Makes heads of one stream (one side of a connection) from their bytes. Most heads on a
 * keep-alive connection repeat one of a few recent ones, so the last few distinct heads that
 * came again are kept with their bytes, and the next head is first compared with them in
 * place: cheaper than finding its end, hashing it and looking it up in parseHead's cache.
 * Only heads seen before are kept, so a stream whose heads never repeat costs no copies.
 */
export class StreamHeads {
  /** Most recently used first. */
  private readonly repeats: RepeatHead[] = [];

  constructor(private readonly kind: MessageKind) {}

  /** The remembered head whose bytes `data` holds at `from`. */
  repeatAt(data: Uint8Array, from: number): RepeatHead | undefined {
    const repeats = this.repeats;
    for (let i = 0; i < repeats.length; i++) {
      const repeat = repeats[i] as RepeatHead;
      if (!startsWithAt(data, from, repeat.bytes)) continue;
      for (let j = i; j > 0; j--) repeats[j] = repeats[j - 1] as RepeatHead;
      repeats[0] = repeat;
      return repeat;
    }
    return undefined;
  }

  /** The head in `bytes` (one whole head), or null when it is not one. */
  headOf(bytes: Uint8Array): MessageHead | null {
    const known = recentHead(this.kind, bytes);
    if (known === undefined) return parseHead(this.kind, bytes);
    // Seen before, on this connection or another: likely to come again on this one.
    if (known && bytes.length <= MAX_REMEMBERED_BYTES) {
      if (this.repeats.length === REMEMBERED) this.repeats.pop();
      this.repeats.unshift({ bytes: Buffer.from(bytes), head: known });
    }
    return known;
  }

  /**
   * Whether `bytes` can begin a head: a cheap early check, so garbage is not buffered up to
   * the head limit. A first line must be a start line (read as Latin-1, as parseHead does).
   */
  couldBeStartLine(bytes: Uint8Array): boolean {
    if (bytes.indexOf(0x0a) >= 0) return latin1StartLine(this.kind, bytes);
    if (bytes.length > MAX_START_LINE_BYTES) return false;
    if (this.kind === 'request') return true;
    const n = Math.min(bytes.length, HTTP_PREFIX.length);
    return HTTP_PREFIX.subarray(0, n).equals(bytes.subarray(0, n));
  }
}

/** Whether `data` holds `bytes` at `from`; compared in place, without a view of `data`. */
function startsWithAt(data: Uint8Array, from: number, bytes: Buffer): boolean {
  const end = from + bytes.length;
  if (end > data.length) return false;
  // Two bytes settle most mismatches (heads of other lengths end elsewhere) before the call.
  const middle = bytes.length >> 1;
  if (data[end - 2] !== bytes[bytes.length - 2] || data[from + middle] !== bytes[middle]) {
    return false;
  }
  return bytes.compare(data, from, end) === 0;
}
