/**
 * The --pid/--process filter of a libpcap capture. Packets name no process, so a connection
 * (TCP) or a datagram flow (UDP) is kept when /proc shows a selected process holding one of its
 * ends, either end: rows stay the server's view, so `--process curl` keeps curl's requests, as
 * nginx served them. Whatever /proc cannot tie to a selected process is dropped, which includes
 * a client that exited before a scan could see its socket.
 *
 * A flow is judged when first seen. A miss is trusted only from a scan made after that moment
 * (the socket exists before its first packet): otherwise the flow's events are held, up to
 * `maxHeldBytes`, until the next scan, and handed to `onRelease` in their order if it is kept.
 * Scans are at least `minRescanMs` apart, since each reads the namespaces' socket tables.
 */
import type { ConnId, Endpoint, StreamEvent, Transport } from '../../../stream/types.js';
import { SelectedSockets, type ProcessSelector } from './selected-sockets.js';

export interface ProcessGateOptions {
  readonly selector: ProcessSelector;
  /** Receives held events of flows that turned out to be selected. */
  readonly onRelease: (events: StreamEvent[]) => void;
  /** Least time between two scans. Default 200 ms. */
  readonly minRescanMs?: number;
  /** Payload bytes held while waiting for a scan; beyond, events are dropped. Default 4 MiB. */
  readonly maxHeldBytes?: number;
  readonly procRoot?: string;
}

export interface ProcessGateStats {
  scans: number;
  /** Connections and UDP flows kept, and dropped. */
  kept: number;
  dropped: number;
  /** Events dropped because `maxHeldBytes` were already held. */
  overflow: number;
}

/** A connection or UDP flow; `kept` is undefined until a scan has judged it. */
interface Flow {
  readonly transport: Transport;
  readonly a: Endpoint;
  readonly b: Endpoint;
  kept: boolean | undefined;
}

interface Held {
  readonly event: StreamEvent;
  readonly flow: Flow;
}

/** UDP flows remembered; more than this and the memory starts over. */
const MAX_DATAGRAM_FLOWS = 65_536;

export class ProcessGate {
  readonly stats: ProcessGateStats = { scans: 0, kept: 0, dropped: 0, overflow: 0 };
  private readonly minRescanMs: number;
  private readonly maxHeldBytes: number;
  private view: SelectedSockets;
  private scannedAt = 0;
  private readonly conns = new Map<ConnId, Flow>();
  private readonly datagramFlows = new Map<string, Flow>();
  /** Flows waiting for the next scan, and their events in arrival order. */
  private pending: Flow[] = [];
  private held: Held[] = [];
  private heldBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ProcessGateOptions) {
    this.minRescanMs = options.minRescanMs ?? 200;
    this.maxHeldBytes = options.maxHeldBytes ?? 4 * 1024 * 1024;
    this.view = this.scan();
  }

  /** The events to pass on now; held ones follow through `onRelease`. */
  filter(events: readonly StreamEvent[]): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const event of events) {
      const flow = this.flowOf(event);
      // Data of a connection whose open this gate never saw cannot be judged.
      if (flow === undefined) continue;
      if (event.kind === 'close') this.conns.delete(event.connId);
      if (flow.kept === undefined) this.hold(event, flow);
      else if (flow.kept) out.push(event);
    }
    return out;
  }

  /** Judges the flows still waiting (releasing the kept ones' events) and stops the timer. */
  finish(): void {
    if (this.pending.length > 0) this.rescan();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flowOf(event: StreamEvent): Flow | undefined {
    switch (event.kind) {
      case 'open': {
        const flow = this.judge(event.transport, event.local, event.remote);
        this.conns.set(event.connId, flow);
        return flow;
      }
      case 'data':
      case 'close':
        return this.conns.get(event.connId);
      case 'datagram': {
        const key = `${event.local.addr}/${event.local.port} ${event.remote.addr}/${event.remote.port}`;
        let flow = this.datagramFlows.get(key);
        if (flow === undefined) {
          if (this.datagramFlows.size >= MAX_DATAGRAM_FLOWS) this.datagramFlows.clear();
          flow = this.judge('udp', event.local, event.remote);
          this.datagramFlows.set(key, flow);
        }
        return flow;
      }
    }
  }

  /** A new flow, judged now when the view holds it or a scan is allowed, else pending. */
  private judge(transport: Transport, a: Endpoint, b: Endpoint): Flow {
    const flow: Flow = { transport, a, b, kept: undefined };
    if (this.view.holds(transport, a, b)) {
      this.settle(flow, true);
    } else if (performance.now() - this.scannedAt >= this.minRescanMs) {
      this.rescan();
      this.settle(flow, this.view.holds(transport, a, b));
    } else {
      this.pending.push(flow);
      this.scheduleRescan();
    }
    return flow;
  }

  private settle(flow: Flow, kept: boolean): void {
    flow.kept = kept;
    if (kept) this.stats.kept++;
    else this.stats.dropped++;
  }

  private hold(event: StreamEvent, flow: Flow): void {
    const bytes = event.kind === 'data' || event.kind === 'datagram' ? event.data.length : 0;
    if (this.heldBytes + bytes > this.maxHeldBytes) {
      this.stats.overflow++;
      return;
    }
    this.held.push({ event, flow });
    this.heldBytes += bytes;
  }

  private scheduleRescan(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.scannedAt + this.minRescanMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rescan();
    }, wait);
    this.timer.unref();
  }

  /** A new view; the pending flows are judged by it and the kept ones' events released. */
  private rescan(): void {
    this.view = this.scan();
    for (const flow of this.pending) {
      this.settle(flow, this.view.holds(flow.transport, flow.a, flow.b));
    }
    this.pending = [];
    const released = this.held.filter(({ flow }) => flow.kept === true).map((h) => h.event);
    this.held = [];
    this.heldBytes = 0;
    if (released.length > 0) this.options.onRelease(released);
  }

  private scan(): SelectedSockets {
    this.stats.scans++;
    this.scannedAt = performance.now();
    return SelectedSockets.scan(this.options.selector, this.options.procRoot);
  }
}
