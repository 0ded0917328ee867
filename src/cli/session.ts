import { hostname } from 'node:os';
import { ingestCaptureFile } from '../collector/ingest-capture-file.js';
import { LiveCollector } from '../collector/live/live-collector.js';
import { readMemory } from '../collector/preflight/memory.js';
import { ProcessRegistry } from '../collector/proc/process-registry.js';
import { NO_METADATA, type MetadataProvider } from '../pxl/metadata.js';
import { defaultBudgetBytes, Store, wallClockNs } from '../store/index.js';
import { parseSize } from '../shared/size.js';

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
  /** Progress for long work, one line at a time (stderr). */
  readonly progress: (line: string) => void;
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
  const rows =
    Object.entries(stats.rows)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ') || 'no rows';
  options.progress(`read ${stats.capture.frames} packets: ${rows}`);
  const host = hostname();
  return {
    store,
    now: stats.endTimeNs ?? wallClockNs(),
    metadata: { ...NO_METADATA, hostname: () => host },
  };
}

async function fromLiveCapture(options: SessionOptions): Promise<DataSession> {
  const store = createStore(options.storeMemory);
  const processes = new ProcessRegistry();
  const collector = LiveCollector.start({ store, workers: options.workers, processes });
  const seconds = Math.round(options.forMs / 1000);
  options.progress(`capturing with eBPF for ${seconds}s (--for to change) ...`);
  await new Promise((resolve) => setTimeout(resolve, options.forMs));
  const stats = await collector.stop();
  const rows =
    Object.entries(stats.rows)
      .map(([t, n]) => `${n} ${t}`)
      .join(', ') || 'no rows';
  const lost = stats.capture.ringbufDrops;
  options.progress(
    `captured ${rows}${lost > 0 ? ` (${lost} events lost in the ring buffer)` : ''}`,
  );
  const { registryMetadata } = await import('./live-metadata.js');
  return { store, now: wallClockNs(), metadata: registryMetadata(processes) };
}

export function openSession(options: SessionOptions): Promise<DataSession> {
  return options.pcap === undefined
    ? fromLiveCapture(options)
    : fromCaptureFile(options.pcap, options);
}
