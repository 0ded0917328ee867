/**
 * TCP connections from captured segments to the stream model, seen from the server: `local`
 * is the server, `remote` the client, egress = server → client, ingress = client → server.
 *
 * Who is the server: the receiver of a SYN without ACK, else the sender of a SYN+ACK, else
 * (handshake not captured) the port rules of server-side.ts. A connection opens on its SYN,
 * SYN+ACK or first data segment (bare ACKs and FINs of unknown connections open nothing), and
 * closes on RST, once both directions have delivered everything up to their FIN, after an idle
 * timeout, or when the input ends. After a close, stray packets of that 4-tuple are ignored for
 * a while; a new SYN on it starts a new connection with a new ConnId.
 */
import type { TcpStats } from './capture-stats.js';
import { FlowIndex, FlowTuple } from './flow-index.js';
import { packetFlowCode } from './flow-key.js';
import { destinationEndpoint, sourceEndpoint, type PacketHeaders } from './packet-decoder.js';
import { isServerByPort } from './server-side.js';
import { TcpHalfStream } from './tcp-half-stream.js';
import type { HoldLimits, PieceSink, SegmentFlags } from './tcp-half-stream.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './transport.js';
import type { ConnId, Direction, StreamEvent } from '../../stream/types.js';

export interface TcpReassemblyOptions extends HoldLimits {
  /** A connection with no packet for this long (capture time) is closed. */
  readonly idleTimeoutNs: bigint;
  /** After a close, packets of the same 4-tuple other than a new SYN are ignored this long. */
  readonly closedLingerNs: bigint;
  /** Connections kept open at most; the oldest one is closed to admit another. */
  readonly maxConnections: number;
}

const SECOND_NS = 1_000_000_000n;

export const DEFAULT_TCP_REASSEMBLY_OPTIONS: TcpReassemblyOptions = {
  maxHeldBytes: 1024 * 1024,
  maxHeldSegments: 2048,
  maxHoldNs: 3n * SECOND_NS,
  idleTimeoutNs: 300n * SECOND_NS,
  closedLingerNs: 10n * SECOND_NS,
  maxConnections: 100_000,
};

/** Holds, timeouts and lingering closes are checked this often (capture time). */
const SWEEP_INTERVAL_NS = SECOND_NS;

/** The clock of the periodic checks: the latest segment time, and whether a sweep is due. */
class SweepClock {
  nowNs = 0n;
  /** A due time to compare with rather than a difference: no BigInt made per segment. */
  private nextSweepNs = SWEEP_INTERVAL_NS;

  /** Moves the clock to `timeNs` (never back); true when a sweep is due now. */
  tick(timeNs: bigint): boolean {
    if (timeNs > this.nowNs) this.nowNs = timeNs;
    if (this.nowNs < this.nextSweepNs) return false;
    this.nextSweepNs = this.nowNs + SWEEP_INTERVAL_NS;
    return true;
  }
}

const FLAGS: readonly SegmentFlags[] = [
  { syn: false, fin: false },
  { syn: false, fin: true },
  { syn: true, fin: false },
  { syn: true, fin: true },
];
const EMPTY = new Uint8Array(0);

interface TcpConnection {
  readonly id: ConnId;
  /** Finds the connection from its segments and tells their direction. */
  readonly tuple: FlowTuple;
  sameKeyNext: TcpConnection | undefined;
  /** The flow code of the 4-tuple, remembered among the closed ones after the close. */
  readonly code: string;
  readonly ingress: TcpHalfStream;
  readonly egress: TcpHalfStream;
  /** The client's initial sequence number, when its SYN was seen (to spot SYN retransmissions). */
  clientIsn: number | undefined;
  lastSeenNs: bigint;
}

export class TcpReassembler {
  /** The open connections, oldest first. */
  private readonly connections = new Set<TcpConnection>();
  /** The open connections by 4-tuple: found per segment without making a string key. */
  private readonly byTuple = new FlowIndex<TcpConnection>();
  /** Flow codes of 4-tuples closed recently, with their close time; in close order. */
  private readonly closed = new Map<string, bigint>();
  private readonly pieces = new DataEvents();
  private readonly clock = new SweepClock();

  constructor(
    private readonly stats: TcpStats,
    private readonly newConnId: () => ConnId,
    private readonly options: TcpReassemblyOptions = DEFAULT_TCP_REASSEMBLY_OPTIONS,
  ) {}

  /**
   * Takes one segment, captured at `timeNs` in `frame`, whose headers readPacket read into `h`;
   * appends the events it causes to `out`.
   */
  segment(frame: Uint8Array, h: PacketHeaders, timeNs: bigint, out: StreamEvent[]): void {
    const syn = (h.flags & TCP_SYN) !== 0;
    const ack = (h.flags & TCP_ACK) !== 0;
    const existing = this.byTuple.find(frame, h);
    const connection =
      syn && !ack
        ? this.onClientSyn(existing, frame, h, timeNs, out)
        : (existing ?? this.adopt(frame, h, timeNs, out));
    if (connection !== undefined) {
      // `find` has told the sender already, unless the connection opened just now.
      const sender =
        connection === existing ? this.byTuple.foundSender : connection.tuple.senderOf(frame, h);
      this.onSegment(connection, sender === 'client', frame, h, timeNs, out);
    }
    if (this.clock.tick(timeNs)) this.sweep(out);
  }

  /**
   * Capture time has reached `nowNs` without a segment (a quiet live capture): runs the
   * periodic checks (holds, idle timeouts, lingering closes) as a segment would.
   */
  advance(nowNs: bigint, out: StreamEvent[]): void {
    if (this.clock.tick(nowNs)) this.sweep(out);
  }

  /** The input has ended: delivers what is held and closes every connection. */
  finish(out: StreamEvent[]): void {
    const now = this.clock.nowNs;
    for (const connection of this.connections.values()) this.close(connection, now, out);
    this.closed.clear();
  }

  /** A segment of `connection`, sent by its client when `toServer`. */
  private onSegment(
    connection: TcpConnection,
    toServer: boolean,
    frame: Uint8Array,
    h: PacketHeaders,
    time: bigint,
    out: StreamEvent[],
  ): void {
    connection.lastSeenNs = time;
    const half = toServer ? connection.ingress : connection.egress;
    const syn = (h.flags & TCP_SYN) !== 0;
    if (syn && !toServer) half.startAfterSyn(h.seq);
    if ((h.flags & TCP_RST) !== 0) {
      this.close(connection, time, out);
      return;
    }
    const fin = (h.flags & TCP_FIN) !== 0;
    const flags = FLAGS[(syn ? 2 : 0) + (fin ? 1 : 0)] as SegmentFlags;
    const payload =
      h.payloadEnd > h.payloadStart ? frame.subarray(h.payloadStart, h.payloadEnd) : EMPTY;
    const pieces = this.pieces.of(connection.id, toServer ? 'ingress' : 'egress', time, out);
    half.segment(h.seq, flags, payload, h.payloadLength, time, pieces);
    this.expireHolds(connection, time, out);
  }

  private onClientSyn(
    existing: TcpConnection | undefined,
    frame: Uint8Array,
    h: PacketHeaders,
    timeNs: bigint,
    out: StreamEvent[],
  ): TcpConnection {
    if (existing !== undefined) {
      // `existing` was found for this very segment, so the index knows who sent it.
      const retransmitted = existing.clientIsn === h.seq && this.byTuple.foundSender === 'client';
      if (retransmitted) return existing;
      this.close(existing, timeNs, out);
    }
    const connection = this.open(frame, h, true, timeNs, out);
    connection.clientIsn = h.seq;
    connection.ingress.startAfterSyn(h.seq);
    return connection;
  }

  /** A segment of an unknown 4-tuple: opens a connection when it carries a handshake or data. */
  private adopt(
    frame: Uint8Array,
    h: PacketHeaders,
    timeNs: bigint,
    out: StreamEvent[],
  ): TcpConnection | undefined {
    const synAck = (h.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    if ((h.flags & TCP_RST) !== 0 || (!synAck && h.payloadLength === 0)) return undefined;
    if (!synAck && this.closed.has(packetFlowCode(frame, h))) {
      this.stats.afterCloseSegments++;
      return undefined;
    }
    const srcIsServer =
      synAck || (isServerByPort(sourceEndpoint(frame, h), destinationEndpoint(frame, h)) ?? false);
    return this.open(frame, h, !srcIsServer, timeNs, out);
  }

  /** Opens the connection of this segment, sent by its client when `srcIsClient`. */
  private open(
    frame: Uint8Array,
    h: PacketHeaders,
    srcIsClient: boolean,
    timeNs: bigint,
    out: StreamEvent[],
  ): TcpConnection {
    if (this.connections.size >= this.options.maxConnections) {
      const oldest = this.connections.values().next().value;
      if (oldest !== undefined) {
        this.stats.evictedConnections++;
        this.close(oldest, timeNs, out);
      }
    }
    const code = packetFlowCode(frame, h);
    this.closed.delete(code);
    const src = sourceEndpoint(frame, h);
    const dst = destinationEndpoint(frame, h);
    const connection: TcpConnection = {
      id: this.newConnId(),
      tuple: new FlowTuple(frame, h, srcIsClient),
      sameKeyNext: undefined,
      code,
      ingress: new TcpHalfStream(this.options, this.stats),
      egress: new TcpHalfStream(this.options, this.stats),
      clientIsn: undefined,
      lastSeenNs: timeNs,
    };
    this.connections.add(connection);
    this.byTuple.add(connection);
    this.stats.connections++;
    out.push({
      kind: 'open',
      connId: connection.id,
      timeNs,
      transport: 'tcp',
      role: 2,
      local: srcIsClient ? dst : src,
      remote: srcIsClient ? src : dst,
    });
    return connection;
  }

  /** Gives up on holes open too long, and closes the connection once both sides finished. */
  private expireHolds(connection: TcpConnection, timeNs: bigint, out: StreamEvent[]): void {
    connection.ingress.expire(timeNs, this.pieces.of(connection.id, 'ingress', timeNs, out));
    connection.egress.expire(timeNs, this.pieces.of(connection.id, 'egress', timeNs, out));
    if (connection.ingress.finished && connection.egress.finished) {
      this.close(connection, timeNs, out);
    }
  }

  private close(connection: TcpConnection, timeNs: bigint, out: StreamEvent[]): void {
    connection.ingress.flush(this.pieces.of(connection.id, 'ingress', timeNs, out));
    connection.egress.flush(this.pieces.of(connection.id, 'egress', timeNs, out));
    out.push({ kind: 'close', connId: connection.id, timeNs });
    this.connections.delete(connection);
    this.byTuple.delete(connection);
    this.closed.set(connection.code, timeNs);
    if (this.closed.size > this.options.maxConnections) {
      const oldest = this.closed.keys().next().value;
      if (oldest !== undefined) this.closed.delete(oldest);
    }
  }

  private sweep(out: StreamEvent[]): void {
    const now = this.clock.nowNs;
    // Thresholds rather than a difference per connection: no BigInt made per entry.
    const idleBefore = now - this.options.idleTimeoutNs;
    for (const connection of this.connections.values()) {
      if (connection.lastSeenNs < idleBefore) {
        this.close(connection, now, out);
      } else {
        this.expireHolds(connection, now, out);
      }
    }
    const lingerFrom = now - this.options.closedLingerNs;
    for (const [key, closedAt] of this.closed) {
      if (closedAt >= lingerFrom) break;
      this.closed.delete(key);
    }
  }
}

/**
 * The pieces a half-stream delivers, as data events of one connection and direction at one
 * time (set by `of` before each call), appended to the caller's events as they come.
 */
class DataEvents implements PieceSink {
  private connId: ConnId = 0;
  private direction: Direction = 'ingress';
  private timeNs = 0n;
  private out: StreamEvent[] = [];

  of(connId: ConnId, direction: Direction, timeNs: bigint, out: StreamEvent[]): this {
    this.connId = connId;
    this.direction = direction;
    this.timeNs = timeNs;
    this.out = out;
    return this;
  }

  piece(offset: number, length: number, data: Uint8Array): void {
    const { connId, direction, timeNs } = this;
    this.out.push({ kind: 'data', connId, direction, offset, length, timeNs, data });
  }
}
