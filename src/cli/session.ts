import { hostname } from 'node:os';
import { ingestCaptureFile } from '../collector/ingest-capture-file.js';
import type { CaptureFilters } from '../collector/live/capture-filters.js';
import { readMemory } from '../collector/preflight/memory.js';
import { ProcessRegistry } from '../collector/proc/process-registry.js';
import type { ResultTable } from '../pxl/exec/result.js';
import { NO_METADATA, type MetadataProvider } from '../pxl/metadata.js';
import { runScript } from '../pxl/run.js';
import type { Script } from '../scripts/bundle.js';
import { defaultBudgetBytes, Store, wallClockNs } from '../store/index.js';
import { parseSize } from '../shared/size.js';
import { rowSummary, startCapture, type CaptureMode } from './capture-control.js';
import { registryMetadata } from './live-metadata.js';

/** Where a one-shot run's rows come from, ready to query. */
export interface DataSession {
  readonly store: Store;
  /** The clock relative times count back from: the end of a capture file, else now. */
  readonly now: bigint;
  readonly metadata: MetadataProvider;
}

/** Rows and their metadata, without a clock (a live capture's clock is the wall clock). */
export type QuerySource = Pick<DataSession, 'store' | 'metadata'>;

/** Runs a script (top-level or with its vis.json) over the rows, times counting back from `now`. */
export function runScriptOn(
  script: Script,
  source: QuerySource,
  now: bigint,
  args: readonly string[],
): ResultTable[] {
  return runScript(script.source, {
    store: source.store,
    metadata: source.metadata,
    now,
    fileName: script.fileName,
    args,
    ...(script.vis === undefined ? {} : { vis: script.vis }),
  });
}

export interface SessionOptions {
  readonly pcap?: string;
  readonly forMs: number;
  readonly storeMemory?: string;
  /** Parser worker threads; default LIVE_WORKERS or CAPTURE_FILE_WORKERS. */
  readonly workers?: number;
  /** Default auto: eBPF, falling back to libpcap. */
  readonly capture?: CaptureMode;
  /** What a live capture keeps (--pid, --process, --port). Default: everything. */
  readonly filters?: CaptureFilters;
  /** Progress for long work, one line at a time (stderr). */
  readonly progress: (line: string) => void;
}

/** Live capture parses on the main thread until traffic is heavy, then in this many workers. */
export const LIVE_WORKERS = 1;
/**
 * A capture file is parsed on the main thread unless --workers says otherwise: on two cores a
 * worker reading the file too only duplicated frame decoding and start-up (DECISIONS §25).
 */
export const CAPTURE_FILE_WORKERS = 0;

export function createStore(storeMemory: string | undefined, maxAgeNs?: bigint): Store {
  const total = readMemory().totalBytes;
  const budgetBytes =
    storeMemory === undefined ? defaultBudgetBytes(total) : parseSize(storeMemory, total);
  return new Store({ budgetBytes, ...(maxAgeNs === undefined ? {} : { maxAgeNs }) });
}

async function fromCaptureFile(path: string, options: SessionOptions): Promise<DataSession> {
  // A capture's age is measured against its own end, not the wall clock: keep everything.
  const store = createStore(options.storeMemory, 2n ** 62n);
  options.progress(`reading ${path} ...`);
  const workers = options.workers ?? CAPTURE_FILE_WORKERS;
  const stats = await ingestCaptureFile(path, store, { workers });
  options.progress(`read ${stats.capture.frames} packets: ${rowSummary(stats.rows)}`);
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
  const capture = startCapture({
    mode: options.capture ?? 'auto',
    store,
    processes,
    workers: options.workers ?? LIVE_WORKERS,
    ...(options.filters === undefined ? {} : { filters: options.filters }),
    progress: options.progress,
  });
  const seconds = Math.round(options.forMs / 1000);
  options.progress(`capturing with ${capture.label} for ${seconds}s (--for to change) ...`);
  await new Promise((resolve) => setTimeout(resolve, options.forMs));
  const { rows, drops } = await capture.stop();
  const lost = drops !== null && drops > 0 ? ` (${drops} events lost in the ring buffer)` : '';
  options.progress(`captured ${rowSummary(rows)}${lost}`);
  return { store, now: wallClockNs(), metadata: registryMetadata(processes) };
}

export function openSession(options: SessionOptions): Promise<DataSession> {
  return options.pcap === undefined
    ? fromLiveCapture(options)
    : fromCaptureFile(options.pcap, options);
}
