import { hostname } from 'node:os';
import { ingestCaptureFile } from '../collector/ingest-capture-file.js';
import { EbpfUnavailableError } from '../collector/capture/ebpf/load.js';
import { PcapLiveCollector } from '../collector/capture/pcap/live/pcap-live-collector.js';
import { LiveCollector } from '../collector/live/live-collector.js';
import { readMemory } from '../collector/preflight/memory.js';
import { ProcessRegistry } from '../collector/proc/process-registry.js';
import { NO_METADATA, type MetadataProvider } from '../pxl/metadata.js';
import { defaultBudgetBytes, Store, wallClockNs } from '../store/index.js';
import { parseSize } from '../shared/size.js';
import { registryMetadata } from './live-metadata.js';

/** Where a one-shot run's rows come from, ready to query. */
export interface DataSession {
  readonly store: Store;
  /** The clock relative times count back from: the end of a capture file, else now. */
  readonly now: bigint;
  readonly metadata: MetadataProvider;
}

export interface SessionOptions {
  readonly pcap?: string;
  readonly forMs: number;
  readonly storeMemory?: string;
  readonly workers: number;
  /** Default auto: eBPF, falling back to libpcap. */
  readonly capture?: CaptureMode;
  /** Progress for long work, one line at a time (stderr). */
  readonly progress: (line: string) => void;
}

/** "718 http_events, 302 pgsql_events" for progress lines. */
function rowSummary(rows: Readonly<Record<string, number>>): string {
  const parts = Object.entries(rows).map(([table, n]) => `${n} ${table}`);
  return parts.length === 0 ? 'no rows' : parts.join(', ');
}

function createStore(storeMemory: string | undefined, maxAgeNs?: bigint): Store {
  const total = readMemory().totalBytes;
  const budgetBytes =
    storeMemory === undefined ? defaultBudgetBytes(total) : parseSize(storeMemory, total);
  return new Store({ budgetBytes, ...(maxAgeNs === undefined ? {} : { maxAgeNs }) });
}

async function fromCaptureFile(path: string, options: SessionOptions): Promise<DataSession> {
  // A capture's age is measured against its own end, not the wall clock: keep everything.
  const store = createStore(options.storeMemory, 2n ** 62n);
  options.progress(`reading ${path} ...`);
  const stats = await ingestCaptureFile(path, store, { workers: options.workers });
  options.progress(`read ${stats.capture.frames} packets: ${rowSummary(stats.rows)}`);
  const host = hostname();
  return {
    store,
    now: stats.endTimeNs ?? wallClockNs(),
    metadata: { ...NO_METADATA, hostname: () => host },
  };
}

export type CaptureMode = 'auto' | 'ebpf' | 'pcap';

interface RunningCapture {
  readonly label: string;
  stop(): Promise<{ rows: Readonly<Record<string, number>>; lost: string }>;
}

function startEbpf(store: Store, processes: ProcessRegistry, workers: number): RunningCapture {
  const collector = LiveCollector.start({ store, workers, processes });
  return {
    label: 'eBPF',
    stop: async () => {
      const stats = await collector.stop();
      const drops = stats.capture.ringbufDrops;
      return {
        rows: stats.rows,
        lost: drops > 0 ? ` (${drops} events lost in the ring buffer)` : '',
      };
    },
  };
}

function startPcap(store: Store, processes: ProcessRegistry, workers: number): RunningCapture {
  const collector = PcapLiveCollector.start({ store, workers, processes });
  return {
    label: 'libpcap',
    stop: async () => ({ rows: (await collector.stop()).rows, lost: '' }),
  };
}

/** `--capture auto` tries eBPF and falls back to libpcap, saying once why. */
function startCapture(
  mode: CaptureMode,
  store: Store,
  processes: ProcessRegistry,
  options: SessionOptions,
): RunningCapture {
  if (mode === 'pcap') return startPcap(store, processes, options.workers);
  if (mode === 'ebpf') return startEbpf(store, processes, options.workers);
  try {
    return startEbpf(store, processes, options.workers);
  } catch (error) {
    if (!(error instanceof EbpfUnavailableError)) throw error;
    options.progress(`eBPF unavailable (${error.message}); falling back to libpcap`);
    return startPcap(store, processes, options.workers);
  }
}

async function fromLiveCapture(options: SessionOptions): Promise<DataSession> {
  const store = createStore(options.storeMemory);
  const processes = new ProcessRegistry();
  const capture = startCapture(options.capture ?? 'auto', store, processes, options);
  const seconds = Math.round(options.forMs / 1000);
  options.progress(`capturing with ${capture.label} for ${seconds}s (--for to change) ...`);
  await new Promise((resolve) => setTimeout(resolve, options.forMs));
  const { rows, lost } = await capture.stop();
  options.progress(`captured ${rowSummary(rows)}${lost}`);
  return { store, now: wallClockNs(), metadata: registryMetadata(processes) };
}

export function openSession(options: SessionOptions): Promise<DataSession> {
  return options.pcap === undefined
    ? fromLiveCapture(options)
    : fromCaptureFile(options.pcap, options);
}
