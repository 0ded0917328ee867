/**
 * Live capture on this node through libpcap, for when eBPF cannot load: packets → reassembly →
 * process attribution from /proc → the same runtime as the eBPF path (tracker and parsers,
 * /proc sampling, housekeeping). The pcap twin of live/live-collector.ts.
 *
 * Rows are from the server's point of view (trace_role 2), attributed to the server process
 * when it runs on this host; traffic to remote servers has no process.
 *
 * Capture filters: ports go into the libpcap filter, so the kernel drops the rest; pids and
 * process names go through /proc (process-gate.ts), which drops what it cannot attribute.
 */
import type { TrackerStats } from '../../../conn/conn-tracker.js';
import {
  filtersProblem,
  NO_FILTERS,
  selectsProcesses,
  type CaptureFilters,
} from '../../../live/capture-filters.js';
import { CollectorRuntime, type CollectorRuntimeOptions } from '../../../live/collector-runtime.js';
import { SocketOwners, type SocketOwnerStats } from '../../../proc/sockets/socket-owners.js';
import type { StreamEvent } from '../../../stream/types.js';
import { DEFAULT_FILTER, PcapLiveCapture, type PcapLiveStats } from './pcap-live-capture.js';
import { ProcessGate, type ProcessGateStats } from './process-gate.js';
import { ServerAttribution } from './server-attribution.js';

export interface PcapLiveCollectorOptions extends CollectorRuntimeOptions {
  /** Default: `any` (all interfaces, lo included) when available, else every interface up. */
  readonly interfaces?: readonly string[];
  /** A pcap-filter expression. Default 'tcp or udp'; `filters.ports` narrow it. */
  readonly filter?: string;
  readonly snaplen?: number;
  /** What to capture. Default: everything. */
  readonly filters?: CaptureFilters;
}

export interface PcapLiveCollectorStats {
  readonly capture: PcapLiveStats;
  readonly attribution: Readonly<SocketOwnerStats>;
  /** The pid/process filter's work; absent when none is set. */
  readonly processFilter?: Readonly<ProcessGateStats>;
  readonly tracker: readonly TrackerStats[];
  /** Rows appended since start, by table. */
  readonly rows: Readonly<Record<string, number>>;
}

export class PcapLiveCollector {
  private constructor(
    private readonly runtime: CollectorRuntime,
    private readonly capture: PcapLiveCapture,
    private readonly owners: SocketOwners,
    private readonly gate: ProcessGate | undefined,
  ) {}

  /** Starts capture; throws PcapUnavailableError (CAP_NET_RAW, bad interface or filter). */
  static start(options: PcapLiveCollectorOptions): PcapLiveCollector {
    const filters = options.filters ?? NO_FILTERS;
    const problem = filtersProblem(filters);
    if (problem !== undefined) throw new RangeError(`bad capture filter: ${problem}`);
    // libpcap hands packets over on this thread, and reassembles them here: parsing goes to
    // the workers from the start, or a busy parser would let the kernel's packet ring overflow.
    const runtime = new CollectorRuntime({ ...options, mainThreadCaptures: true });
    const owners = new SocketOwners();
    const attribution = new ServerAttribution(owners);
    const deliver = (events: StreamEvent[]): void => {
      runtime.accept(attribution.enrich(events));
    };
    try {
      const gate = selectsProcesses(filters)
        ? new ProcessGate({
            selector: { pids: new Set(filters.pids), names: new Set(filters.processNames) },
            onRelease: deliver,
          })
        : undefined;
      const capture = PcapLiveCapture.start({
        ...(options.interfaces === undefined ? {} : { interfaces: options.interfaces }),
        filter: withPorts(options.filter ?? DEFAULT_FILTER, filters.ports),
        ...(options.snaplen === undefined ? {} : { snaplen: options.snaplen }),
        onEvents: (events) => {
          deliver(gate === undefined ? events : gate.filter(events));
        },
      });
      return new PcapLiveCollector(runtime, capture, owners, gate);
    } catch (error) {
      void runtime.abandon();
      throw error;
    }
  }

  stats(): PcapLiveCollectorStats {
    return this.statsWith(this.capture.stats());
  }

  /** Stops capture, then flushes what reassembly and the parsers still hold into the store. */
  async stop(): Promise<PcapLiveCollectorStats> {
    const capture = await this.capture.stop();
    this.gate?.finish();
    await this.runtime.finish();
    return this.statsWith(capture);
  }

  private statsWith(capture: PcapLiveStats): PcapLiveCollectorStats {
    return {
      capture,
      attribution: { ...this.owners.stats },
      ...(this.gate === undefined ? {} : { processFilter: { ...this.gate.stats } }),
      tracker: this.runtime.trackerStats(),
      rows: this.runtime.rows,
    };
  }
}

/** `expression` narrowed to traffic with one of `ports` at either end. */
export function withPorts(expression: string, ports: readonly number[]): string {
  if (ports.length === 0) return expression;
  return `(${expression}) and (${ports.map((port) => `port ${port}`).join(' or ')})`;
}
