import { EbpfCapture, type EbpfCaptureStats } from '../capture/ebpf/capture.js';
import type { TrackerStats } from '../conn/conn-tracker.js';
import type { CaptureFilters } from './capture-filters.js';
import { CollectorRuntime, type CollectorRuntimeOptions } from './collector-runtime.js';

export interface LiveCollectorOptions extends CollectorRuntimeOptions {
  readonly maxCaptureBytes?: number;
  /** What to capture, decided in the kernel. Default: everything. */
  readonly filters?: CaptureFilters;
}

export interface LiveCollectorStats {
  readonly capture: EbpfCaptureStats;
  readonly tracker: readonly TrackerStats[];
  /** Rows appended since start, by table. */
  readonly rows: Readonly<Record<string, number>>;
}

/** Live capture on this node with eBPF, into the store (see CollectorRuntime). */
export class LiveCollector {
  private constructor(
    private readonly runtime: CollectorRuntime,
    private readonly capture: EbpfCapture,
  ) {}

  /** Starts capture; throws EbpfUnavailableError (naming what is missing) when eBPF cannot load. */
  static start(options: LiveCollectorOptions): LiveCollector {
    const runtime = new CollectorRuntime(options);
    try {
      const capture = EbpfCapture.start({
        ...(options.maxCaptureBytes === undefined
          ? {}
          : { maxCaptureBytes: options.maxCaptureBytes }),
        ...(options.filters === undefined ? {} : { filters: options.filters }),
        onEvents: (events) => {
          runtime.accept(events);
        },
      });
      return new LiveCollector(runtime, capture);
    } catch (error) {
      void runtime.abandon();
      throw error;
    }
  }

  stats(): LiveCollectorStats {
    return {
      capture: this.capture.stats(),
      tracker: this.runtime.trackerStats(),
      rows: this.runtime.rows,
    };
  }

  /** Stops capture, then flushes what the parsers still hold into the store. */
  async stop(): Promise<LiveCollectorStats> {
    const capture = await this.capture.stop();
    await this.runtime.finish();
    return { capture, tracker: this.runtime.trackerStats(), rows: this.runtime.rows };
  }
}
