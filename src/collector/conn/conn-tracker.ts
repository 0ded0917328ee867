import {
  DEFAULT_PARSER_OPTIONS,
  type ParserOptions,
  type ProtocolRecord,
  type ProtocolSpec,
} from '../protocols/common/types.js';
import type { ConnId, ConnOpen, DataChunk, StreamEvent } from '../stream/types.js';
import { RecordSink } from './record-sink.js';
import { CONN_STATS_PERIOD_NS, ConnStatsTable } from './conn-stats.js';
import { DatagramTracker, type DatagramStats } from './datagram-tracker.js';
import { DEFAULT_REORDER_LIMITS, type ReorderLimits } from './stream-reorder.js';
import { TrackedConnection } from './tracked-connection.js';

export interface TrackerOptions {
  readonly specs: readonly ProtocolSpec[];
  readonly parser?: ParserOptions;
  readonly reorder?: ReorderLimits;
  /** A connection silent this long is dropped (its parser flushed as on close). */
  readonly idleTimeoutNs?: bigint;
  /** A DNS query over UDP unanswered this long becomes a row without a reply. */
  readonly dnsTimeoutNs?: bigint;
}

export interface TrackerStats {
  connections: number;
  connectionsOpened: number;
  /** Data for a connection we never saw open (started before capture, or a lost open event). */
  adoptedConnections: number;
  unknownProtocolConnections: number;
  /** Connections that opened with a TLS hello: counted, their ciphertext never parsed. */
  tlsConnections: number;
  gaps: number;
  gapBytes: number;
  duplicateBytes: number;
  datagrams: DatagramStats;
}

const UNKNOWN_ENDPOINT = { addr: '-', port: 0 };

/**
 * Turns stream events into table rows: one TrackedConnection per connection id, records
 * drained into a RecordSink after every event batch.
 */
export class ConnTracker {
  private readonly connections = new Map<ConnId, TrackedConnection>();
  private readonly parserOptions: ParserOptions;
  private readonly reorderLimits: ReorderLimits;
  private readonly idleTimeoutNs: bigint;
  private readonly records: ProtocolRecord[] = [];
  /** Connections that got data in the batch being handled, in first-touched order. */
  private readonly touched: TrackedConnection[] = [];
  readonly sink = new RecordSink();
  private readonly datagrams: DatagramTracker;
  private readonly connStats = new ConnStatsTable();
  private nextConnStatsNs: bigint | undefined;
  private readonly counters = {
    opened: 0,
    adopted: 0,
    unknown: 0,
    tls: 0,
    gaps: 0,
    gapBytes: 0,
    dup: 0,
  };

  constructor(private readonly options: TrackerOptions) {
    this.parserOptions = options.parser ?? DEFAULT_PARSER_OPTIONS;
    this.reorderLimits = options.reorder ?? DEFAULT_REORDER_LIMITS;
    this.idleTimeoutNs = options.idleTimeoutNs ?? 300_000_000_000n;
    this.datagrams = new DatagramTracker(this.sink, options.dnsTimeoutNs);
  }

  handle(events: readonly StreamEvent[]): void {
    const touched = this.touched;
    // Indexed loops here and in collect: a for-of left unoptimised (this loop runs once per
    // batch, on-stack replaced) makes an iterator result per event.
    for (let i = 0; i < events.length; i++) {
      const event = events[i] as StreamEvent;
      switch (event.kind) {
        case 'open':
          this.retire(event.connId);
          this.connections.set(event.connId, this.track(event, true));
          this.counters.opened++;
          break;
        case 'data': {
          const conn = this.connectionFor(event);
          conn.onData(event);
          // A flag on the connection instead of a Set: no hashing per chunk.
          if (!conn.collectPending) {
            conn.collectPending = true;
            touched.push(conn);
          }
          break;
        }
        case 'close':
          this.connections.get(event.connId)?.onClose(event.timeNs);
          this.retire(event.connId);
          break;
        case 'datagram':
          this.datagrams.handle(event);
          break;
      }
    }
    for (let i = 0; i < touched.length; i++) {
      const conn = touched[i] as TrackedConnection;
      conn.collectPending = false;
      this.collect(conn);
    }
    touched.length = 0;
  }

  /** Whether this tracker already follows the event's connection or datagram flow. */
  follows(event: StreamEvent): boolean {
    switch (event.kind) {
      case 'open':
        return false;
      case 'data':
      case 'close':
        return this.connections.has(event.connId);
      case 'datagram':
        return this.datagrams.follows(event);
    }
  }

  /** Releases held bytes behind old holes, times out DNS queries, drops idle connections. */
  expire(nowNs: bigint): void {
    this.datagrams.expire(nowNs);
    this.nextConnStatsNs ??= nowNs + CONN_STATS_PERIOD_NS;
    if (nowNs >= this.nextConnStatsNs) {
      this.sampleConnStats(nowNs);
      this.nextConnStatsNs = nowNs + CONN_STATS_PERIOD_NS;
    }
    // One BigInt for the threshold, not a difference per connection.
    const idleBefore = nowNs - this.idleTimeoutNs;
    for (const [id, conn] of this.connections) {
      conn.expire(nowNs);
      if (conn.lastSeenNs < idleBefore) {
        conn.onClose(nowNs);
        this.retire(id);
      } else {
        this.collect(conn);
      }
    }
  }

  /** The end of the input (a capture file): flush everything that still waits. */
  finish(nowNs: bigint): void {
    for (const [id, conn] of this.connections) {
      conn.onClose(nowNs);
      this.retire(id);
    }
    this.datagrams.flush(nowNs);
    this.sampleConnStats(nowNs);
  }

  /** Appends one conn_stats row per process, peer and role to the sink. */
  sampleConnStats(nowNs: bigint): void {
    for (const row of this.connStats.sample(nowNs, this.connections.values())) {
      this.sink.addRow('conn_stats', row);
    }
  }

  stats(): TrackerStats {
    let { gaps, gapBytes, dup, tls } = this.counters;
    for (const conn of this.connections.values()) {
      if (conn.protocol.kind === 'tls') tls++;
      const s = conn.reorderStats;
      gaps += s.gaps;
      gapBytes += s.gapBytes;
      dup += s.duplicateBytes;
    }
    return {
      connections: this.connections.size,
      connectionsOpened: this.counters.opened,
      adoptedConnections: this.counters.adopted,
      unknownProtocolConnections: this.counters.unknown,
      tlsConnections: tls,
      gaps,
      gapBytes,
      duplicateBytes: dup,
      datagrams: { ...this.datagrams.stats },
    };
  }

  private track(open: ConnOpen, seenOpening: boolean): TrackedConnection {
    return new TrackedConnection(
      open,
      this.options.specs,
      this.parserOptions,
      this.reorderLimits,
      seenOpening,
    );
  }

  private connectionFor(chunk: DataChunk): TrackedConnection {
    let conn = this.connections.get(chunk.connId);
    if (conn === undefined) {
      this.counters.adopted++;
      conn = this.track(
        {
          kind: 'open',
          connId: chunk.connId,
          timeNs: chunk.timeNs,
          transport: 'tcp',
          role: 4,
          local: UNKNOWN_ENDPOINT,
          remote: UNKNOWN_ENDPOINT,
        },
        false,
      );
      this.connections.set(chunk.connId, conn);
    }
    return conn;
  }

  private collect(conn: TrackedConnection): void {
    const records = this.records;
    conn.drain(records);
    if (records.length === 0) return;
    for (let i = 0; i < records.length; i++) this.sink.add(records[i] as ProtocolRecord, conn);
    records.length = 0;
  }

  /** Flushes a connection's last records and forgets it, keeping its counters. */
  private retire(id: ConnId): void {
    const conn = this.connections.get(id);
    if (conn === undefined) return;
    this.collect(conn);
    const s = conn.reorderStats;
    this.counters.gaps += s.gaps;
    this.counters.gapBytes += s.gapBytes;
    this.counters.dup += s.duplicateBytes;
    if (conn.protocol.kind === 'unknown') this.counters.unknown++;
    if (conn.protocol.kind === 'tls') this.counters.tls++;
    this.connStats.onClose(conn, conn.lastSeenNs);
    this.connections.delete(id);
  }
}
