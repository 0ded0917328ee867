/**
 * Live capture on this node through libpcap, for when eBPF cannot load: packets → reassembly →
 * process attribution from /proc → the same runtime as the eBPF path (tracker and parsers,
 * /proc sampling, housekeeping). The pcap twin of live/live-collector.ts.
 *
 * Rows are from the server's point of view (trace_role 2), attributed to the server process
 * when it runs on this host; traffic to remote servers has no process.
 */
import type { TrackerStats } from '../../../conn/conn-tracker.js';
import { CollectorRuntime, type CollectorRuntimeOptions } from '../../../live/collector-runtime.js';
import { SocketOwners, type SocketOwnerStats } from '../../../proc/sockets/socket-owners.js';
import { PcapLiveCapture, type PcapLiveStats } from './pcap-live-capture.js';
import { ServerAttribution } from './server-attribution.js';

export interface PcapLiveCollectorOptions extends CollectorRuntimeOptions {
  /** Default: `any` (all interfaces, lo included) when available, else every interface up. */
  readonly interfaces?: readonly string[];
  /** A pcap-filter expression. Default 'tcp or udp'. */
  readonly filter?: string;
  readonly snaplen?: number;
}

export interface PcapLiveCollectorStats {
  readonly capture: PcapLiveStats;
  readonly attribution: Readonly<SocketOwnerStats>;
  readonly tracker: readonly TrackerStats[];
  /** Rows appended since start, by table. */
  readonly rows: Readonly<Record<string, number>>;
}

export class PcapLiveCollector {
  private constructor(
    private readonly runtime: CollectorRuntime,
    private readonly capture: PcapLiveCapture,
    private readonly owners: SocketOwners,
  ) {}

  /** Starts capture; throws PcapUnavailableError (CAP_NET_RAW, bad interface or filter). */
  static start(options: PcapLiveCollectorOptions): PcapLiveCollector {
    const runtime = new CollectorRuntime(options);
    const owners = new SocketOwners();
    const attribution = new ServerAttribution(owners);
    try {
      const capture = PcapLiveCapture.start({
        ...(options.interfaces === undefined ? {} : { interfaces: options.interfaces }),
        ...(options.filter === undefined ? {} : { filter: options.filter }),
        ...(options.snaplen === undefined ? {} : { snaplen: options.snaplen }),
        onEvents: (events) => {
          runtime.accept(attribution.enrich(events));
        },
      });
      return new PcapLiveCollector(runtime, capture, owners);
    } catch (error) {
      void runtime.abandon();
      throw error;
    }
  }

  stats(): PcapLiveCollectorStats {
    return {
      capture: this.capture.stats(),
      attribution: { ...this.owners.stats },
      tracker: this.runtime.trackerStats(),
      rows: this.runtime.rows,
    };
  }

  /** Stops capture, then flushes what reassembly and the parsers still hold into the store. */
  async stop(): Promise<PcapLiveCollectorStats> {
    const capture = await this.capture.stop();
    await this.runtime.finish();
    return {
      capture,
      attribution: { ...this.owners.stats },
      tracker: this.runtime.trackerStats(),
      rows: this.runtime.rows,
    };
  }
}
