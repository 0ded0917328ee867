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
import { endpointCode, flowCode } from './flow-key.js';
import { destinationEndpoint, sourceEndpoint, type PacketHeaders } from './packet-decoder.js';
import { isServerByPort } from './server-side.js';
import { TcpHalfStream } from './tcp-half-stream.js';
import type { HoldLimits, PieceSink, SegmentFlags, StreamPiece } from './tcp-half-stream.js';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from './transport.js';
import type { ConnId, Direction, Endpoint, StreamEvent } from '../../stream/types.js';

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
  private lastSweepNs = 0n;

  /** Moves the clock to `timeNs` (never back); true when a sweep is due now. */
  tick(timeNs: bigint): boolean {
    if (timeNs > this.nowNs) this.nowNs = timeNs;
    if (this.nowNs - this.lastSweepNs < SWEEP_INTERVAL_NS) return false;
    this.lastSweepNs = this.nowNs;
    return true;
  }
}

/** One segment: its frame, headers read by readPacket, and capture time. */
export interface TcpSegment {
  readonly frame: Uint8Array;
  readonly headers: PacketHeaders;
  readonly timeNs: bigint;
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
  readonly key: string;
  /** endpointCode of the client, to tell the direction of a segment. */
  readonly clientCode: string;
  readonly ingress: TcpHalfStream;
  readonly egress: TcpHalfStream;
  /** The client's initial sequence number, when its SYN was seen (to spot SYN retransmissions). */
  clientIsn: number | undefined;
  lastSeenNs: bigint;
}

export class TcpReassembler {
  private readonly connections = new Map<string, TcpConnection>();
  /** 4-tuples closed recently, with their close time; insertion order is close order. */
  private readonly closed = new Map<string, bigint>();
  private readonly pieces = new DataEvents();
  private readonly clock = new SweepClock();

  constructor(
    private readonly stats: TcpStats,
    private readonly newConnId: () => ConnId,
    private readonly options: TcpReassemblyOptions = DEFAULT_TCP_REASSEMBLY_OPTIONS,
  ) {}

  /** Takes one segment; appends the events it causes to `out`. */
  segment(segment: TcpSegment, out: StreamEvent[]): void {
    const { frame, headers: h, timeNs } = segment;
    const srcCode = endpointCode(frame, h.addrAt, h.addrBytes, h.srcPort);
    const dstCode = endpointCode(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
    const key = flowCode(srcCode, dstCode);
    const syn = (h.flags & TCP_SYN) !== 0;
    const ack = (h.flags & TCP_ACK) !== 0;
    const existing = this.connections.get(key);
    const connection =
      syn && !ack
        ? this.onClientSyn(existing, key, srcCode, segment, out)
        : (existing ?? this.adopt(key, srcCode, segment, out));
    if (connection !== undefined) this.onSegment(connection, srcCode, segment, out);
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

  private onSegment(
    connection: TcpConnection,
    srcCode: string,
    segment: TcpSegment,
    out: StreamEvent[],
  ): void {
    const { frame, headers: h, timeNs: time } = segment;
    connection.lastSeenNs = time;
    const toServer = srcCode === connection.clientCode;
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
    key: string,
    srcCode: string,
    segment: TcpSegment,
    out: StreamEvent[],
  ): TcpConnection {
    const { frame, headers: h, timeNs } = segment;
    if (existing !== undefined) {
      const retransmitted = existing.clientIsn === h.seq && existing.clientCode === srcCode;
      if (retransmitted) return existing;
      this.close(existing, timeNs, out);
    }
    const server = destinationEndpoint(frame, h);
    const client = sourceEndpoint(frame, h);
    const connection = this.open(key, server, client, srcCode, timeNs, out);
    connection.clientIsn = h.seq;
    connection.ingress.startAfterSyn(h.seq);
    return connection;
  }

  /** A segment of an unknown 4-tuple: opens a connection when it carries a handshake or data. */
  private adopt(
    key: string,
    srcCode: string,
    segment: TcpSegment,
    out: StreamEvent[],
  ): TcpConnection | undefined {
    const { frame, headers: h, timeNs } = segment;
    const synAck = (h.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    if ((h.flags & TCP_RST) !== 0 || (!synAck && h.payloadLength === 0)) return undefined;
    if (!synAck && this.closed.has(key)) {
      this.stats.afterCloseSegments++;
      return undefined;
    }
    const src = sourceEndpoint(frame, h);
    const dst = destinationEndpoint(frame, h);
    const srcIsServer = synAck || (isServerByPort(src, dst) ?? false);
    if (srcIsServer) {
      const dstCode = endpointCode(frame, h.addrAt + h.addrBytes, h.addrBytes, h.dstPort);
      return this.open(key, src, dst, dstCode, timeNs, out);
    }
    return this.open(key, dst, src, srcCode, timeNs, out);
  }

  private open(
    key: string,
    server: Endpoint,
    client: Endpoint,
    clientCode: string,
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
    this.closed.delete(key);
    const connection: TcpConnection = {
      id: this.newConnId(),
      key,
      clientCode,
      ingress: new TcpHalfStream(this.options, this.stats),
      egress: new TcpHalfStream(this.options, this.stats),
      clientIsn: undefined,
      lastSeenNs: timeNs,
    };
    this.connections.set(key, connection);
    this.stats.connections++;
    out.push({
      kind: 'open',
      connId: connection.id,
      timeNs,
      transport: 'tcp',
      role: 2,
      local: server,
      remote: client,
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
    this.connections.delete(connection.key);
    this.closed.set(connection.key, timeNs);
    if (this.closed.size > this.options.maxConnections) {
      const oldest = this.closed.keys().next().value;
      if (oldest !== undefined) this.closed.delete(oldest);
    }
  }

  private sweep(out: StreamEvent[]): void {
    const now = this.clock.nowNs;
    for (const connection of this.connections.values()) {
      if (now - connection.lastSeenNs > this.options.idleTimeoutNs) {
        this.close(connection, now, out);
      } else {
        this.expireHolds(connection, now, out);
      }
    }
    for (const [key, closedAt] of this.closed) {
      if (now - closedAt <= this.options.closedLingerNs) break;
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

  push({ offset, length, data }: StreamPiece): void {
    const { connId, direction, timeNs } = this;
    this.out.push({ kind: 'data', connId, direction, offset, length, timeNs, data });
  }
}
