import type { ProtocolRecord } from '../protocols/common/types.js';
import {
  DnsDatagramStitcher,
  detectDnsDatagram,
  type DnsPairingOptions,
  type DnsRowOutput,
} from '../protocols/dns/index.js';
import type { Datagram, StreamRole } from '../stream/types.js';
import type { RecordOrigin, RecordSink } from './record-sink.js';

/**
 * One socket-and-peer pair: its DNS stitcher, and the origin (canonical columns) of its rows.
 * The stitcher hands rows straight to the flow, which adds them to the sink with itself as
 * their origin: no array to drain and no origin object per row.
 */
class DatagramFlow implements RecordOrigin, DnsRowOutput {
  readonly stitcher: DnsDatagramStitcher;
  readonly encrypted = false;
  /** The next flow with the same two ports (they differ by address or process). */
  next: DatagramFlow | undefined;

  constructor(
    /** The flow's first datagram: its endpoints and process identify the flow. */
    readonly open: Datagram,
    public role: StreamRole,
    private readonly sink: RecordSink,
    options: Partial<DnsPairingOptions>,
  ) {
    this.stitcher = new DnsDatagramStitcher(options, this);
  }

  push(record: ProtocolRecord): void {
    this.sink.add(record, this);
  }
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
  /**
   * Flows by their two ports, chained when several share them. A number key needs no string
   * built per datagram, and the chains are almost always one flow long.
   */
  private readonly flows = new Map<number, DatagramFlow>();
  private flowCount = 0;
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
  }

  /** Emits queries that waited past the timeout and forgets idle flows. */
  expire(nowNs: bigint): void {
    for (const [key, first] of this.flows) {
      let head: DatagramFlow | undefined = first;
      let previous: DatagramFlow | undefined;
      for (let flow: DatagramFlow | undefined = first; flow !== undefined; flow = flow.next) {
        flow.stitcher.expire(nowNs);
        if (flow.stitcher.pendingQueries > 0) {
          previous = flow;
          continue;
        }
        if (previous === undefined) head = flow.next;
        else previous.next = flow.next;
        this.flowCount--;
      }
      if (head === undefined) this.flows.delete(key);
      else if (head !== first) this.flows.set(key, head);
    }
    this.stats.flows = this.flowCount;
  }

  /** At the end of a capture: every waiting query becomes an unanswered row. */
  flush(nowNs: bigint): void {
    for (const head of this.flows.values()) {
      for (let flow: DatagramFlow | undefined = head; flow !== undefined; flow = flow.next) {
        flow.stitcher.flush(nowNs);
      }
    }
    this.flows.clear();
    this.flowCount = 0;
  }

  /** Whether the datagram belongs to a flow this tracker holds (until `expire` finds it idle). */
  follows(d: Datagram): boolean {
    for (let flow = this.flows.get(flowKey(d)); flow !== undefined; flow = flow.next) {
      if (sameFlow(flow.open, d)) return true;
    }
    return false;
  }

  private flowFor(d: Datagram): DatagramFlow {
    const key = flowKey(d);
    let last: DatagramFlow | undefined;
    for (let flow = this.flows.get(key); flow !== undefined; flow = flow.next) {
      if (sameFlow(flow.open, d)) return flow;
      last = flow;
    }
    const options = this.timeoutNs === undefined ? {} : { timeoutNs: this.timeoutNs };
    const flow = new DatagramFlow(d, d.role, this.sink, options);
    if (last === undefined) this.flows.set(key, flow);
    else last.next = flow;
    this.stats.flows = ++this.flowCount;
    return flow;
  }
}

/** The two ports as one number: the key of a chain of flows. */
function flowKey(d: Datagram): number {
  return d.local.port * 0x10000 + d.remote.port;
}

/** Whether two datagrams with the same ports belong to one flow: same addresses and process. */
function sameFlow(a: Datagram, b: Datagram): boolean {
  return (
    a.local.addr === b.local.addr &&
    a.remote.addr === b.remote.addr &&
    a.process?.pid === b.process?.pid
  );
}
