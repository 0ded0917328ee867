import { EbpfUnavailableError } from '../collector/capture/ebpf/load.js';
import { PcapLiveCollector } from '../collector/capture/pcap/live/pcap-live-collector.js';
import {
  describeFilters,
  NO_FILTERS,
  type CaptureFilters,
} from '../collector/live/capture-filters.js';
import { LiveCollector } from '../collector/live/live-collector.js';
import type { ProcessRegistry } from '../collector/proc/process-registry.js';
import type { Store } from '../store/index.js';

export type CaptureMode = 'auto' | 'ebpf' | 'pcap';

/** What a running capture has done so far, in the same terms for both sources. */
export interface CaptureCounters {
  /** Capture events (eBPF records, or libpcap frames) delivered to the parsers. */
  readonly events: number;
  /** Events lost before px saw them; null when the source cannot tell. */
  readonly drops: number | null;
  readonly rows: Readonly<Record<string, number>>;
}

/** A live capture feeding a store, whichever source it uses. */
export interface RunningCapture {
  readonly label: 'eBPF' | 'libpcap';
  counters(): CaptureCounters;
  /** Stops capture and flushes what the parsers hold into the store. */
  stop(): Promise<CaptureCounters>;
}

/** What every source is started with. */
interface SourceOptions {
  readonly store: Store;
  readonly processes: ProcessRegistry;
  readonly workers: number;
  readonly filters: CaptureFilters;
}

function startEbpf(options: SourceOptions): RunningCapture {
  const collector = LiveCollector.start(options);
  const counters = (stats: ReturnType<LiveCollector['stats']>): CaptureCounters => ({
    events: stats.capture.decoder.records,
    drops: stats.capture.ringbufDrops,
    rows: { ...stats.rows },
  });
  return {
    label: 'eBPF',
    counters: () => counters(collector.stats()),
    stop: async () => counters(await collector.stop()),
  };
}

function startPcap(options: SourceOptions): RunningCapture {
  const collector = PcapLiveCollector.start(options);
  const counters = (stats: ReturnType<PcapLiveCollector['stats']>): CaptureCounters => ({
    events: stats.capture.packets,
    drops: stats.capture.drops,
    rows: { ...stats.rows },
  });
  return {
    label: 'libpcap',
    counters: () => counters(collector.stats()),
    stop: async () => counters(await collector.stop()),
  };
}

export interface StartCaptureOptions {
  readonly mode: CaptureMode;
  readonly store: Store;
  readonly processes: ProcessRegistry;
  readonly workers: number;
  /** What to capture (--pid, --process, --port). Default: everything. */
  readonly filters?: CaptureFilters;
  /** Told the filters, if any, and once more when `auto` falls back to libpcap. */
  readonly progress: (line: string) => void;
}

/** `--capture auto` tries eBPF and falls back to libpcap, saying once why. */
export function startCapture(options: StartCaptureOptions): RunningCapture {
  const { mode, store, processes, workers } = options;
  const source: SourceOptions = {
    store,
    processes,
    workers,
    filters: options.filters ?? NO_FILTERS,
  };
  const filtered = describeFilters(source.filters);
  if (filtered !== '') options.progress(`capturing only ${filtered}`);
  if (mode === 'pcap') return startPcap(source);
  if (mode === 'ebpf') return startEbpf(source);
  try {
    return startEbpf(source);
  } catch (error) {
    if (!(error instanceof EbpfUnavailableError)) throw error;
    options.progress(`eBPF unavailable (${error.message}); falling back to libpcap`);
    return startPcap(source);
  }
}

/** "718 http_events, 302 pgsql_events" for progress lines. */
export function rowSummary(rows: Readonly<Record<string, number>>): string {
  const parts = Object.entries(rows).map(([table, n]) => `${n} ${table}`);
  return parts.length === 0 ? 'no rows' : parts.join(', ');
}
