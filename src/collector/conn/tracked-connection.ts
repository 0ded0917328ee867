import type {
  Detection,
  MessageSide,
  ParserOptions,
  ProtocolConnection,
  ProtocolRecord,
  ProtocolSpec,
} from '../protocols/common/types.js';
import type { ConnOpen, DataChunk, Direction, StreamRole } from '../stream/types.js';
import type { RecordOrigin } from './record-sink.js';
import { StreamReorder, type OrderedStream, type ReorderLimits } from './stream-reorder.js';
import { readTlsHello } from './tls-hello.js';

/** Bytes of a direction examined before deciding no known protocol speaks on a connection. */
const DETECT_WINDOW_BYTES = 512;
/** Detections below this confidence are ignored. */
const MIN_CONFIDENCE = 0.5;

export type ProtocolState =
  | { readonly kind: 'detecting' }
  | { readonly kind: 'parsing'; readonly spec: ProtocolSpec; readonly parser: ProtocolConnection }
  /** Opened with a TLS hello: ciphertext follows, which no parser is shown. */
  | { readonly kind: 'tls' }
  | { readonly kind: 'unknown' };

/** Ordered bytes, or a hole, held while the protocol is not yet known. */
type PendingPiece =
  | { readonly kind: 'bytes'; readonly data: Uint8Array; readonly timeNs: bigint }
  | { readonly kind: 'gap'; readonly length: number; readonly timeNs: bigint };

/** What a direction's bytes are, given the side we trace. */
function sideOf(direction: Direction, role: StreamRole): MessageSide {
  const sentByUs = direction === 'egress';
  return (role === 1) === sentByUs ? 'request' : 'response';
}

/**
 * One connection as the tracker sees it: its open event (or what we learned without one), a
 * reorder buffer per direction, and the protocol parser once the first bytes identify it. The
 * role from connect/accept or the SYN is kept; when the source did not know it, the side the
 * detected protocol assigns to the first bytes decides it. A connection whose first bytes are a
 * TLS hello is marked TLS before any protocol is tried, and its bytes are dropped from then on.
 *
 * The connection is its own records' origin (the canonical columns), and the reorder buffers
 * hand it their ordered stream through `bytes` and `gap` for the direction being delivered:
 * no piece objects, arrays or origin objects per chunk or record.
 */
export class TrackedConnection implements RecordOrigin, OrderedStream {
  private readonly egress: StreamReorder;
  private readonly ingress: StreamReorder;
  /** The direction whose ordered bytes the reorder buffer is handing over right now. */
  private delivering: Direction = 'egress';
  private readonly pending: { direction: Direction; piece: PendingPiece }[] = [];
  private pendingBytes = 0;
  protocol: ProtocolState = { kind: 'detecting' };
  role: StreamRole;
  readonly encrypted = false;
  bytesSent = 0;
  bytesRecv = 0;
  closed = false;
  /** Set while the tracker has this connection listed for collecting its records. */
  collectPending = false;
  lastSeenNs: bigint;

  constructor(
    readonly open: ConnOpen,
    private readonly specs: readonly ProtocolSpec[],
    private readonly parserOptions: ParserOptions,
    limits: ReorderLimits,
    /** True when the connection was seen opening, so both streams start at offset 0. */
    seenOpening: boolean,
  ) {
    this.role = open.role;
    this.lastSeenNs = open.timeNs;
    const start = seenOpening ? 0 : undefined;
    this.egress = new StreamReorder(start, limits);
    this.ingress = new StreamReorder(start, limits);
  }

  onData(chunk: DataChunk): void {
    this.lastSeenNs = chunk.timeNs;
    this.delivering = chunk.direction;
    if (chunk.direction === 'egress') {
      this.bytesSent += chunk.length;
      this.egress.push(chunk, this);
    } else {
      this.bytesRecv += chunk.length;
      this.ingress.push(chunk, this);
    }
  }

  /** Releases bytes held behind holes that are too old. */
  expire(nowNs: bigint): void {
    this.delivering = 'egress';
    this.egress.expire(nowNs, this);
    this.delivering = 'ingress';
    this.ingress.expire(nowNs, this);
  }

  /** OrderedStream: the next bytes of the direction being delivered. */
  bytes(data: Uint8Array, timeNs: bigint): void {
    const protocol = this.protocol;
    if (protocol.kind === 'parsing') {
      protocol.parser.onData(sideOf(this.delivering, this.role), data, timeNs);
    } else if (protocol.kind === 'detecting') {
      this.hold({ kind: 'bytes', data, timeNs });
    }
  }

  /** OrderedStream: a hole in the direction being delivered. */
  gap(length: number, timeNs: bigint): void {
    const protocol = this.protocol;
    if (protocol.kind === 'parsing') {
      protocol.parser.onGap(sideOf(this.delivering, this.role), length, timeNs);
    } else if (protocol.kind === 'detecting') {
      this.hold({ kind: 'gap', length, timeNs });
    }
  }

  onClose(timeNs: bigint): void {
    this.closed = true;
    this.lastSeenNs = timeNs;
    if (this.protocol.kind === 'parsing') this.protocol.parser.onClose(timeNs);
  }

  drain(out: ProtocolRecord[]): void {
    if (this.protocol.kind === 'parsing') this.protocol.parser.drain(out);
  }

  get reorderStats(): { gaps: number; gapBytes: number; duplicateBytes: number } {
    const e = this.egress.stats;
    const i = this.ingress.stats;
    return {
      gaps: e.gaps + i.gaps,
      gapBytes: e.gapBytes + i.gapBytes,
      duplicateBytes: e.duplicateBytes + i.duplicateBytes,
    };
  }

  /** Keeps a piece until the protocol is known, and tries to tell it again. */
  private hold(piece: PendingPiece): void {
    const direction = this.delivering;
    this.pending.push({ direction, piece });
    if (piece.kind === 'bytes') this.pendingBytes += piece.data.length;
    this.detect(direction);
  }

  private feed(parser: ProtocolConnection, direction: Direction, piece: PendingPiece): void {
    const side = sideOf(direction, this.role);
    if (piece.kind === 'bytes') parser.onData(side, piece.data, piece.timeNs);
    else parser.onGap(side, piece.length, piece.timeNs);
  }

  /**
   * Checks the first bytes of `direction` for a TLS hello, then tries the specs on them; on
   * success replays what was pending. While they may still become a hello, no spec sees them.
   */
  private detect(direction: Direction): void {
    const first = this.firstBytes(direction);
    const tls = readTlsHello(first);
    if (tls.kind === 'hello') {
      this.settleRole(direction, tls.side);
      this.protocol = { kind: 'tls' };
      this.dropPending();
      return;
    }
    if (tls.kind === 'not-tls' && this.detectProtocol(direction, first)) return;
    if (this.pendingBytes >= DETECT_WINDOW_BYTES) {
      this.protocol = { kind: 'unknown' };
      this.dropPending();
    }
  }

  /** The role from the side the first bytes of `direction` play, when the source did not know it. */
  private settleRole(direction: Direction, side: MessageSide): void {
    if (this.role !== 4) return;
    this.role = (direction === 'egress') === (side === 'request') ? 1 : 2;
  }

  private dropPending(): void {
    this.pending.length = 0;
    this.pendingBytes = 0;
  }

  /** Starts the most confident spec's parser on `first` and what is pending; false if none. */
  private detectProtocol(direction: Direction, first: Uint8Array): boolean {
    // The most confident detector wins; on a tie, the one listed first.
    let best: { spec: ProtocolSpec; detection: Detection } | undefined;
    for (const spec of this.specs) {
      const detection = spec.detect(first);
      if (detection === null || detection.confidence < MIN_CONFIDENCE) continue;
      if (best === undefined || detection.confidence > best.detection.confidence) {
        best = { spec, detection };
      }
    }
    if (best === undefined) return false;
    const { spec, detection } = best;
    this.settleRole(direction, detection.side);
    const parser = spec.createConnection(this.parserOptions);
    this.protocol = { kind: 'parsing', spec, parser };
    for (const p of this.pending.splice(0)) this.feed(parser, p.direction, p.piece);
    this.pendingBytes = 0;
    return true;
  }

  /** The bytes seen so far in one direction, up to the first gap. */
  private firstBytes(direction: Direction): Uint8Array {
    const parts: Uint8Array[] = [];
    for (const p of this.pending) {
      if (p.direction !== direction) continue;
      if (p.piece.kind === 'gap') break;
      parts.push(p.piece.data);
    }
    return parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts);
  }
}
