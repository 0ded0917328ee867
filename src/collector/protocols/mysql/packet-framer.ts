/**
 * Splits one direction of a MySQL connection into packets: a 3-byte little-endian length, a
 * sequence id, then the payload. Payloads of 2^24-1 bytes continue in the next packet; those
 * pieces are joined into one logical packet. Only the first `keepBytes` of a payload are kept,
 * the rest streams past, so a 16 MiB row never sits in memory. When the bytes stop making sense
 * (a gap, a stream joined mid-way, a rejected header) the framer seeks a plausible packet start.
 */
import type { ParserStats } from '../common/types.js';
import { ByteQueue } from '../common/byte-queue.js';
import { seekFrameStart, type StartVerdict } from '../common/frame-seek.js';

export const MAX_PACKET_LENGTH = 0xffffff;
export const HEADER_LENGTH = 4;

/** One logical packet: one wire packet, or several joined across 16 MiB splits. */
export interface MysqlPacket {
  /** Sequence id of the first wire packet. */
  readonly seq: number;
  /** Sequence id of the last wire packet; the next packet in the exchange follows it. */
  readonly lastSeq: number;
  /** Payload length over all pieces. */
  readonly length: number;
  /** The payload, or its first bytes when longer than the framer keeps. */
  readonly payload: Uint8Array;
  /** When the last byte was seen. */
  readonly timeNs: bigint;
}

/**
 * How sure a seek is that a packet starts here: `proven` (the bytes after it agree, or its
 * structure is unmistakable), `plausible` (nothing contradicts it yet), `need-more` (bytes
 * missing to judge), or `no`.
 */

/** What one direction accepts as a packet; see request-rules.ts and response-rules.ts. */
export interface PacketRules {
  /** While seeking: whether a packet plausibly starts at `at`. */
  plausibleStart(bytes: Uint8Array, at: number, streamStart: boolean): StartVerdict;
  /** While aligned: whether a header (and the payload's first byte) is acceptable. */
  acceptHeader(length: number, seq: number, firstByte: number | undefined): boolean;
}

interface Partial {
  seq: number;
  lastSeq: number;
  length: number;
  pieces: Uint8Array[];
  kept: number;
  /** The last wire packet was full-size, so another piece follows. */
  continues: boolean;
}

export function readHeader(bytes: Uint8Array, at: number): { length: number; seq: number } {
  const length = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16);
  return { length, seq: bytes[at + 3] ?? 0 };
}

/** Room for a header and the bytes `plausibleStart` looks at, beyond the kept payload. */
const LOOKAHEAD_BYTES = 64;

export interface FramerListener {
  onPacket(packet: MysqlPacket): void;
  /** Bytes were skipped while seeking: whatever they held is lost, like a gap. */
  onDiscard(): void;
}

export class PacketFramer {
  private readonly queue: ByteQueue;
  private seeking = true;
  private streamStart = true;
  private skip = 0;
  private partial: Partial | undefined;

  constructor(
    private readonly rules: PacketRules,
    private readonly keepBytes: number,
    private readonly stats: ParserStats,
    private readonly listener: FramerListener,
  ) {
    this.queue = new ByteQueue(keepBytes + LOOKAHEAD_BYTES);
  }

  push(data: Uint8Array, timeNs: bigint): void {
    let from = 0;
    while (from < data.length) {
      const copied = this.queue.fill(data, from);
      from += copied;
      const before = this.queue.length;
      this.process(timeNs);
      if (copied === 0 && this.queue.length === before) {
        // Cannot happen with the rules' bounded lookahead; never spin if it does.
        this.stats.overflowBytes += before;
        this.gap(-1);
      }
    }
  }

  /**
   * Bytes were lost. A loss that falls inside the unkept tail of a payload costs nothing; any
   * other loss drops the partial packet and seeks. Returns whether alignment was lost.
   */
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
    return true;
  }

  /** The caller found the packets nonsensical: look for the next plausible start. */
  resync(): void {
    this.seeking = true;
    this.streamStart = false;
  }

  private process(timeNs: bigint): void {
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.queue.length);
        this.queue.consume(n);
        this.skip -= n;
        if (this.skip > 0) return;
        this.finishPiece(timeNs);
        continue;
      }
      if (this.seeking && !this.seek()) return;
      if (!this.readPiece(timeNs)) return;
    }
  }

  /**
   * Drops bytes up to a packet start; false when more bytes are needed. The first candidate
   * wins, except that a proven start overrides an earlier one still waiting for bytes (they
   * cannot both be right), so one bogus candidate cannot stall the stream.
   */
  private seek(): boolean {
    const view = this.queue.view();
    const { discard, found } = seekFrameStart(view.length, (at) =>
      this.rules.plausibleStart(view, at, this.streamStart && at === 0),
    );
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
    this.listener.onDiscard();
  }

  /** Reads one wire packet (or its kept prefix); false when more bytes are needed. */
  private readPiece(timeNs: bigint): boolean {
    const q = this.queue;
    if (q.length < HEADER_LENGTH) return false;
    const { length, seq } = readHeader(q.view(), 0);
    if (this.partial?.continues) {
      if (seq !== ((this.partial.lastSeq + 1) & 0xff)) return this.reject();
    } else {
      if (length > 0 && q.length < HEADER_LENGTH + 1) return false;
      const first = length > 0 ? q.view()[HEADER_LENGTH] : undefined;
      if (!this.rules.acceptHeader(length, seq, first)) return this.reject();
    }
    const kept = this.partial?.kept ?? 0;
    const keepNow = Math.min(length, Math.max(0, this.keepBytes - kept));
    if (q.length < HEADER_LENGTH + keepNow) return false;
    const piece = q.view().slice(HEADER_LENGTH, HEADER_LENGTH + keepNow);
    q.consume(HEADER_LENGTH + keepNow);
    const partial = this.partial ?? {
      seq,
      lastSeq: seq,
      length: 0,
      pieces: [],
      kept: 0,
      continues: false,
    };
    partial.lastSeq = seq;
    partial.length += length;
    partial.kept += keepNow;
    partial.continues = length === MAX_PACKET_LENGTH;
    if (piece.length > 0) partial.pieces.push(piece);
    this.partial = partial;
    this.skip = length - keepNow;
    if (this.skip === 0) this.finishPiece(timeNs);
    return true;
  }

  private reject(): boolean {
    this.stats.invalidFrames++;
    this.partial = undefined;
    this.discard(1);
    this.seeking = true;
    return true;
  }

  private finishPiece(timeNs: bigint): void {
    const partial = this.partial;
    if (!partial || partial.continues) return;
    this.partial = undefined;
    this.listener.onPacket({
      seq: partial.seq,
      lastSeq: partial.lastSeq,
      length: partial.length,
      payload: joinPieces(partial.pieces, partial.kept),
      timeNs,
    });
  }
}

function joinPieces(pieces: readonly Uint8Array[], size: number): Uint8Array {
  if (pieces.length === 1 && pieces[0]) return pieces[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
