import type { RowBatch, Store } from '../../store/index.js';
import { wallClockNs } from '../../store/index.js';
import type { TrackerStats } from '../conn/conn-tracker.js';
import { createEventConsumer, type EventConsumer } from '../event-consumer.js';
import { ProcSampler } from '../proc/proc-sampler.js';
import type { ProcessRegistry } from '../proc/process-registry.js';
import type { StreamEvent } from '../stream/types.js';

export interface CollectorRuntimeOptions {
  readonly store: Store;
  /** Parser workers; 0 parses on the main thread. */
  readonly workers?: number;
  /** How often held bytes, DNS timeouts, idle connections and retention are checked. */
  readonly housekeepingMs?: number;
  /** process_stats / network_stats sampling period; 0 turns sampling off. */
  readonly procSampleMs?: number;
  /** Learns the processes behind the traffic as events arrive. */
  readonly processes?: ProcessRegistry;
  /**
   * The capture itself works on this thread (libpcap): with workers, parse there from the
   * start instead of here while traffic is light (see AdaptiveConsumer).
   */
  readonly mainThreadCaptures?: boolean;
}

/**
 * What every live capture needs around it, whatever the source: events → tracker and parsers
 * (here or in workers) → store, /proc sampling, and periodic housekeeping. A capture source
 * hands its events to `accept`, and calls `finish` once it has stopped delivering.
 */
export class CollectorRuntime {
  readonly rows: Record<string, number> = {};
  private readonly consumer: EventConsumer;
  private readonly sampler: ProcSampler | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: CollectorRuntimeOptions) {
    const onRows = (table: string, batch: RowBatch): void => {
      options.store.append(table, batch);
      this.rows[table] = (this.rows[table] ?? 0) + batch.length;
    };
    const fromTheStart = { startupMs: 0, workersAboveEventsPerSecond: 0 };
    this.consumer = createEventConsumer(
      options.workers ?? 0,
      onRows,
      options.mainThreadCaptures === true ? fromTheStart : {},
    );
    const procMs = options.procSampleMs ?? 1000;
    this.sampler = procMs > 0 ? new ProcSampler(options.store, procMs) : undefined;
    this.sampler?.start();
    this.timer = setInterval(() => {
      this.consumer.expire(wallClockNs());
      options.store.enforceRetention();
    }, options.housekeepingMs ?? 500);
    this.timer.unref();
  }

  /**
   * Events from the capture. A pool's back-pressure is not waited for: capture sources cannot
   * pause the kernel, so bursts queue for the workers (and show as drops at the source).
   */
  accept(events: StreamEvent[]): void {
    this.options.processes?.observe(events);
    void this.consumer.push(events);
  }

  trackerStats(): readonly TrackerStats[] {
    return this.consumer.trackerStats();
  }

  /** Flushes what the parsers still hold into the store and releases workers and timers. */
  async finish(): Promise<void> {
    this.stopTimers();
    await this.consumer.finish(wallClockNs());
    await this.consumer.close();
  }

  /** Releases workers and timers without flushing (the capture never started). */
  async abandon(): Promise<void> {
    this.stopTimers();
    await this.consumer.close();
  }

  private stopTimers(): void {
    clearInterval(this.timer);
    this.sampler?.stop();
  }
}
