import type { Store } from '../../store/index.js';
import { wallClockNs } from '../../store/index.js';
import { sampleNetworkStats } from './network-stats.js';
import { sampleProcessStats } from './process-stats.js';

/** Appends process_stats and network_stats to the store every `intervalMs` (Pixie: 1 s). */
export class ProcSampler {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 1000,
    private readonly now: () => bigint = wallClockNs,
  ) {}

  /** Takes one sample now; returns the rows appended per table. */
  sampleOnce(): { processStats: number; networkStats: number } {
    const timeNs = this.now();
    const processes = sampleProcessStats(timeNs);
    const networks = sampleNetworkStats(timeNs);
    this.store.append('process_stats', processes);
    this.store.append('network_stats', networks);
    return { processStats: processes.length, networkStats: networks.length };
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.sampleOnce();
    this.timer = setInterval(() => this.sampleOnce(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
