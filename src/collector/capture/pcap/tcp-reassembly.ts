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
import { flowKey, sameEndpoint } from './flow-key.js';
import type { TcpPacket } from './packet-decoder.js';
import { guessServer } from './server-side.js';
import { TcpHalfStream } from './tcp-half-stream.js';
import type { HoldLimits, StreamPiece } from './tcp-half-stream.js';
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

interface TcpConnection {
  readonly id: ConnId;
  readonly key: string;
  readonly server: Endpoint;
  readonly client: Endpoint;
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
  private readonly pieces: StreamPiece[] = [];
  private nowNs = 0n;
  private lastSweepNs = 0n;

  constructor(
    private readonly stats: TcpStats,
    private readonly newConnId: () => ConnId,
    private readonly options: TcpReassemblyOptions = DEFAULT_TCP_REASSEMBLY_OPTIONS,
  ) {}

  /** Takes one segment; appends the events it causes to `out`. */
  segment(packet: TcpPacket, out: StreamEvent[]): void {
    const time = packet.timeNs;
    if (time > this.nowNs) this.nowNs = time;
    const key = flowKey(packet.src, packet.dst);
    const syn = (packet.flags & TCP_SYN) !== 0;
    const ack = (packet.flags & TCP_ACK) !== 0;
    const connection =
      syn && !ack
        ? this.onClientSyn(this.connections.get(key), key, packet, out)
        : (this.connections.get(key) ?? this.adopt(key, packet, out));
    if (connection !== undefined) this.onSegment(connection, packet, out);
    if (this.nowNs - this.lastSweepNs >= SWEEP_INTERVAL_NS) this.sweep(out);
  }

  /**
   * Capture time has reached `nowNs` without a segment (a quiet live capture): runs the
   * periodic checks (holds, idle timeouts, lingering closes) as a segment would.
   */
  advance(nowNs: bigint, out: StreamEvent[]): void {
    if (nowNs > this.nowNs) this.nowNs = nowNs;
    if (this.nowNs - this.lastSweepNs >= SWEEP_INTERVAL_NS) this.sweep(out);
  }

  /** The input has ended: delivers what is held and closes every connection. */
  finish(out: StreamEvent[]): void {
    for (const connection of this.connections.values()) this.close(connection, this.nowNs, out);
    this.closed.clear();
  }

  private onSegment(connection: TcpConnection, packet: TcpPacket, out: StreamEvent[]): void {
    const time = packet.timeNs;
    connection.lastSeenNs = time;
    const toServer = sameEndpoint(packet.src, connection.client);
    const half = toServer ? connection.ingress : connection.egress;
    const syn = (packet.flags & TCP_SYN) !== 0;
    if (syn && !toServer) half.startAfterSyn(packet.seq);
    if ((packet.flags & TCP_RST) !== 0) {
      this.close(connection, time, out);
      return;
    }
    const fin = (packet.flags & TCP_FIN) !== 0;
    half.segment(packet.seq, { syn, fin }, packet.payload, packet.payloadLength, time, this.pieces);
    this.emit(connection, toServer ? 'ingress' : 'egress', time, out);
    this.expireHolds(connection, time, out);
  }

  private onClientSyn(
    existing: TcpConnection | undefined,
    key: string,
    packet: TcpPacket,
    out: StreamEvent[],
  ): TcpConnection {
    if (existing !== undefined) {
      const retransmitted =
        existing.clientIsn === packet.seq && sameEndpoint(existing.client, packet.src);
      if (retransmitted) return existing;
      this.close(existing, packet.timeNs, out);
    }
    const connection = this.open(key, packet.dst, packet.src, packet.timeNs, out);
    connection.clientIsn = packet.seq;
    connection.ingress.startAfterSyn(packet.seq);
    return connection;
  }

  /** A segment of an unknown 4-tuple: opens a connection when it carries a handshake or data. */
  private adopt(key: string, packet: TcpPacket, out: StreamEvent[]): TcpConnection | undefined {
    const synAck = (packet.flags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK);
    if ((packet.flags & TCP_RST) !== 0 || (!synAck && packet.payloadLength === 0)) return undefined;
    if (!synAck && this.closed.has(key)) {
      this.stats.afterCloseSegments++;
      return undefined;
    }
    const server = synAck ? packet.src : guessServer(packet.src, packet.dst);
    const client = server === packet.src ? packet.dst : packet.src;
    return this.open(key, server, client, packet.timeNs, out);
  }

  private open(
    key: string,
    server: Endpoint,
    client: Endpoint,
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
      server,
      client,
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
    connection.ingress.expire(timeNs, this.pieces);
    this.emit(connection, 'ingress', timeNs, out);
    connection.egress.expire(timeNs, this.pieces);
    this.emit(connection, 'egress', timeNs, out);
    if (connection.ingress.finished && connection.egress.finished) {
      this.close(connection, timeNs, out);
    }
  }

  private close(connection: TcpConnection, timeNs: bigint, out: StreamEvent[]): void {
    connection.ingress.flush(this.pieces);
    this.emit(connection, 'ingress', timeNs, out);
    connection.egress.flush(this.pieces);
    this.emit(connection, 'egress', timeNs, out);
    out.push({ kind: 'close', connId: connection.id, timeNs });
    this.connections.delete(connection.key);
    this.closed.set(connection.key, timeNs);
    if (this.closed.size > this.options.maxConnections) {
      const oldest = this.closed.keys().next().value;
      if (oldest !== undefined) this.closed.delete(oldest);
    }
  }

  private emit(
    connection: TcpConnection,
    direction: Direction,
    timeNs: bigint,
    out: StreamEvent[],
  ): void {
    for (const piece of this.pieces) {
      const { offset, length, data } = piece;
      out.push({ kind: 'data', connId: connection.id, direction, offset, length, timeNs, data });
    }
    this.pieces.length = 0;
  }

  private sweep(out: StreamEvent[]): void {
    const now = this.nowNs;
    this.lastSweepNs = now;
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
