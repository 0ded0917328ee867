import type { ProtocolRecord } from '../protocols/common/types.js';
import { DnsDatagramStitcher, detectDnsDatagram } from '../protocols/dns/index.js';
import type { Datagram, StreamRole } from '../stream/types.js';
import type { RecordSink } from './record-sink.js';

/** One socket-and-peer pair: its DNS stitcher and the canonical columns of its rows. */
interface DatagramFlow {
  readonly stitcher: DnsDatagramStitcher;
  readonly datagram: Datagram;
  role: StreamRole;
}

export interface DatagramStats {
  flows: number;
  /** UDP datagrams that were not DNS (px parses no other UDP protocol yet). */
  ignored: number;
  /** Datagrams captured only in part (the rest beyond the capture limit). */
  truncated: number;
}

/**
 * DNS over UDP. A flow is one local endpoint (and process) talking to one peer; queries and
 * replies pair within it. Flows without pending queries are forgotten on `expire`.
 */
export class DatagramTracker {
  private readonly flows = new Map<string, DatagramFlow>();
  private readonly records: ProtocolRecord[] = [];
  readonly stats: DatagramStats = { flows: 0, ignored: 0, truncated: 0 };

  constructor(
    private readonly sink: RecordSink,
    private readonly timeoutNs?: bigint,
  ) {}

  handle(datagram: Datagram): void {
    const detection = detectDnsDatagram(datagram.data);
    if (detection === null) {
      this.stats.ignored++;
      return;
    }
    if (datagram.data.length < datagram.length) this.stats.truncated++;
    const flow = this.flowFor(datagram);
    if (flow.role === 4) {
      // Whoever sends the query is the client.
      const queryFromUs = detection.side === 'request';
      flow.role = (datagram.direction === 'egress') === queryFromUs ? 1 : 2;
    }
    flow.stitcher.onDatagram(datagram.data, datagram.timeNs, '');
    this.collect(flow);
  }

  /** Emits queries that waited past the timeout and forgets idle flows. */
  expire(nowNs: bigint): void {
    for (const [key, flow] of this.flows) {
      flow.stitcher.expire(nowNs);
      this.collect(flow);
      if (flow.stitcher.pendingQueries === 0) this.flows.delete(key);
    }
    this.stats.flows = this.flows.size;
  }

  /** At the end of a capture: every waiting query becomes an unanswered row. */
  flush(nowNs: bigint): void {
    for (const flow of this.flows.values()) {
      flow.stitcher.flush(nowNs);
      this.collect(flow);
    }
    this.flows.clear();
  }

  private flowFor(d: Datagram): DatagramFlow {
    const key = `${d.local.addr}|${d.local.port}|${d.remote.addr}|${d.remote.port}|${d.process?.pid ?? ''}`;
    let flow = this.flows.get(key);
    if (flow === undefined) {
      const options = this.timeoutNs === undefined ? {} : { timeoutNs: this.timeoutNs };
      flow = { stitcher: new DnsDatagramStitcher(options), datagram: d, role: d.role };
      this.flows.set(key, flow);
      this.stats.flows = this.flows.size;
    }
    return flow;
  }

  private collect(flow: DatagramFlow): void {
    flow.stitcher.drain(this.records);
    const origin = { open: flow.datagram, role: flow.role, encrypted: false };
    for (const record of this.records) this.sink.add(record, origin);
    this.records.length = 0;
  }
}
