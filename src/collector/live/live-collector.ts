import type { RowBatch, Store } from '../../store/index.js';
import { wallClockNs } from '../../store/index.js';
import { EbpfCapture, type EbpfCaptureStats } from '../capture/ebpf/capture.js';
import type { TrackerStats } from '../conn/conn-tracker.js';
import { createEventConsumer, type EventConsumer } from '../event-consumer.js';
import { ProcSampler } from '../proc/proc-sampler.js';
import type { ProcessRegistry } from '../proc/process-registry.js';

export interface LiveCollectorOptions {
  readonly store: Store;
  /** Parser workers; 0 parses on the main thread. */
  readonly workers?: number;
  /** How often held bytes, DNS timeouts, idle connections and retention are checked. */
  readonly housekeepingMs?: number;
  /** process_stats / network_stats sampling period; 0 turns sampling off. */
  readonly procSampleMs?: number;
  readonly maxCaptureBytes?: number;
  /** Learns the processes behind the traffic as events arrive. */
  readonly processes?: ProcessRegistry;
}

export interface LiveCollectorStats {
  readonly capture: EbpfCaptureStats;
  readonly tracker: readonly TrackerStats[];
  /** Rows appended since start, by table. */
  readonly rows: Readonly<Record<string, number>>;
}

/**
 * Live capture on this node: eBPF events → connection tracker and parsers (on this thread or
 * in workers) → store, plus /proc sampling and periodic housekeeping.
 */
export class LiveCollector {
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly store: Store,
    private readonly rows: Readonly<Record<string, number>>,
    private readonly capture: EbpfCapture,
    private readonly consumer: EventConsumer,
    private readonly sampler: ProcSampler | undefined,
    housekeepingMs: number,
  ) {
    this.timer = setInterval(() => {
      this.housekeeping();
    }, housekeepingMs);
    this.timer.unref();
  }

  /** Starts capture; throws EbpfUnavailableError (naming what is missing) when eBPF cannot load. */
  static start(options: LiveCollectorOptions): LiveCollector {
    const rows: Record<string, number> = {};
    const onRows = (table: string, batch: RowBatch): void => {
      options.store.append(table, batch);
      rows[table] = (rows[table] ?? 0) + batch.length;
    };
    const consumer = createEventConsumer(options.workers ?? 0, onRows);
    const capture = EbpfCapture.start({
      ...(options.maxCaptureBytes === undefined
        ? {}
        : { maxCaptureBytes: options.maxCaptureBytes }),
      // The ring buffer absorbs bursts; a pool's back-pressure shows up as ring-buffer drops,
      // which the capture counts, rather than as a stalled kernel.
      onEvents: (events) => {
        options.processes?.observe(events);
        void consumer.push(events);
      },
    });
    const procMs = options.procSampleMs ?? 1000;
    const sampler = procMs > 0 ? new ProcSampler(options.store, procMs) : undefined;
    sampler?.start();
    return new LiveCollector(
      options.store,
      rows,
      capture,
      consumer,
      sampler,
      options.housekeepingMs ?? 500,
    );
  }

  stats(): LiveCollectorStats {
    return {
      capture: this.capture.stats(),
      tracker: this.consumer.trackerStats(),
      rows: this.rows,
    };
  }

  /** Stops capture, then flushes what the parsers still hold into the store. */
  async stop(): Promise<LiveCollectorStats> {
    clearInterval(this.timer);
    this.sampler?.stop();
    const capture = await this.capture.stop();
    await this.consumer.finish(wallClockNs());
    const stats = { capture, tracker: this.consumer.trackerStats(), rows: this.rows };
    await this.consumer.close();
    return stats;
  }

  private housekeeping(): void {
    this.consumer.expire(wallClockNs());
    this.store.enforceRetention();
  }
}
