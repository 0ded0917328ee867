/**
 * Live capture on this node through libpcap, for when eBPF cannot load: packets → reassembly →
 * process attribution from /proc → tracker and parsers (on this thread or in workers) → store,
 * plus /proc sampling and periodic housekeeping. The pcap twin of live/live-collector.ts.
 *
 * Rows are from the server's point of view (trace_role 2), attributed to the server process
 * when it runs on this host; traffic to remote servers has no process.
 */
import type { RowBatch, Store } from '../../../../store/index.js';
import { wallClockNs } from '../../../../store/index.js';
import type { TrackerStats } from '../../../conn/conn-tracker.js';
import { createEventConsumer, type EventConsumer } from '../../../event-consumer.js';
import { ProcSampler } from '../../../proc/proc-sampler.js';
import type { ProcessRegistry } from '../../../proc/process-registry.js';
import { SocketOwners, type SocketOwnerStats } from '../../../proc/sockets/socket-owners.js';
import { PcapLiveCapture, type PcapLiveStats } from './pcap-live-capture.js';
import { ServerAttribution } from './server-attribution.js';

export interface PcapLiveCollectorOptions {
  readonly store: Store;
  /** Parser workers; 0 parses on the main thread. */
  readonly workers?: number;
  /** How often held bytes, DNS timeouts, idle connections and retention are checked. */
  readonly housekeepingMs?: number;
  /** process_stats / network_stats sampling period; 0 turns sampling off. */
  readonly procSampleMs?: number;
  /** Learns the processes behind the traffic as events arrive. */
  readonly processes?: ProcessRegistry;
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
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly store: Store,
    private readonly rows: Readonly<Record<string, number>>,
    private readonly capture: PcapLiveCapture,
    private readonly owners: SocketOwners,
    private readonly consumer: EventConsumer,
    private readonly sampler: ProcSampler | undefined,
    housekeepingMs: number,
  ) {
    this.timer = setInterval(() => {
      this.housekeeping();
    }, housekeepingMs);
    this.timer.unref();
  }

  /** Starts capture; throws PcapUnavailableError (CAP_NET_RAW, bad interface or filter). */
  static start(options: PcapLiveCollectorOptions): PcapLiveCollector {
    const rows: Record<string, number> = {};
    const onRows = (table: string, batch: RowBatch): void => {
      options.store.append(table, batch);
      rows[table] = (rows[table] ?? 0) + batch.length;
    };
    const consumer = createEventConsumer(options.workers ?? 0, onRows);
    const owners = new SocketOwners();
    const attribution = new ServerAttribution(owners);
    const capture = PcapLiveCapture.start({
      ...(options.interfaces === undefined ? {} : { interfaces: options.interfaces }),
      ...(options.filter === undefined ? {} : { filter: options.filter }),
      ...(options.snaplen === undefined ? {} : { snaplen: options.snaplen }),
      // The binding cannot pause reading, so a pool's back-pressure is not waited for here;
      // parsing slower than the traffic queues batches for the workers.
      onEvents: (events) => {
        const enriched = attribution.enrich(events);
        options.processes?.observe(enriched);
        void consumer.push(enriched);
      },
    });
    const procMs = options.procSampleMs ?? 1000;
    const sampler = procMs > 0 ? new ProcSampler(options.store, procMs) : undefined;
    sampler?.start();
    return new PcapLiveCollector(
      options.store,
      rows,
      capture,
      owners,
      consumer,
      sampler,
      options.housekeepingMs ?? 500,
    );
  }

  stats(): PcapLiveCollectorStats {
    return {
      capture: this.capture.stats(),
      attribution: { ...this.owners.stats },
      tracker: this.consumer.trackerStats(),
      rows: this.rows,
    };
  }

  /** Stops capture, then flushes what reassembly and the parsers still hold into the store. */
  async stop(): Promise<PcapLiveCollectorStats> {
    clearInterval(this.timer);
    this.sampler?.stop();
    const capture = await this.capture.stop();
    await this.consumer.finish(wallClockNs());
    const stats = {
      capture,
      attribution: { ...this.owners.stats },
      tracker: this.consumer.trackerStats(),
      rows: this.rows,
    };
    await this.consumer.close();
    return stats;
  }

  private housekeeping(): void {
    this.consumer.expire(wallClockNs());
    this.store.enforceRetention();
  }
}
