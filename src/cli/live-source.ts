import { basename } from 'node:path';
import { ProcessRegistry } from '../collector/proc/process-registry.js';
import { wallClockNs } from '../store/index.js';
import type { LiveSource, LiveStatus } from '../tui/live-source.js';
import type { CaptureFilters } from '../collector/live/capture-filters.js';
import { startCapture, type CaptureMode, type CaptureCounters } from './capture-control.js';
import { registryMetadata } from './live-metadata.js';
import {
  createStore,
  LIVE_WORKERS,
  openSession,
  runScriptOn,
  type QuerySource,
} from './session.js';

export interface LiveSourceOptions {
  readonly pcap?: string;
  readonly capture: CaptureMode;
  /** What to capture (--pid, --process, --port); default everything. */
  readonly filters?: CaptureFilters;
  readonly storeMemory?: string;
  /** Parser worker threads; default LIVE_WORKERS or CAPTURE_FILE_WORKERS. */
  readonly workers?: number;
  readonly progress: (line: string) => void;
}

export interface OpenLiveSource {
  readonly source: LiveSource;
  /** Stops capturing (nothing to do for a capture file). */
  close(): Promise<void>;
}

/** A synchronous run as a promise: what it throws becomes the rejection. */
function settle<T>(run: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(run());
  });
}

/** Rates are measured over at least this long, however often the status is asked for. */
const RATE_WINDOW_MS = 1000;

/** px's own CPU as a percentage of one core over the last window, workers included. */
function cpuMeter(): () => number {
  let last = { at: performance.now(), usage: process.cpuUsage() };
  let percent = 0;
  return () => {
    const now = { at: performance.now(), usage: process.cpuUsage() };
    if (now.at - last.at < RATE_WINDOW_MS) return percent;
    const usedUs = now.usage.user - last.usage.user + (now.usage.system - last.usage.system);
    percent = (100 * usedUs) / ((now.at - last.at) * 1000);
    last = now;
    return percent;
  };
}

function baseStatus(source: QuerySource, cpu: () => number) {
  const store = source.store.stats();
  return {
    cpuPercent: cpu(),
    rssBytes: process.memoryUsage.rss(),
    storeBytes: store.bytes,
    storeBudgetBytes: store.budgetBytes,
  };
}

async function fromFile(path: string, options: LiveSourceOptions): Promise<OpenLiveSource> {
  const session = await openSession({ ...options, pcap: path, forMs: 0 });
  const cpu = cpuMeter();
  return {
    source: {
      run: (script, args) => settle(() => runScriptOn(script, session, session.now, args)),
      rowsSeen: () => session.store.rowsAppended,
      status: (): LiveStatus => ({
        capture: `file ${basename(path)}`,
        eventsPerSecond: null,
        drops: null,
        ...baseStatus(session, cpu),
      }),
    },
    close: () => Promise.resolve(),
  };
}

function fromCapture(options: LiveSourceOptions): OpenLiveSource {
  const store = createStore(options.storeMemory);
  const processes = new ProcessRegistry();
  const capture = startCapture({
    mode: options.capture,
    store,
    processes,
    ...options,
    workers: options.workers ?? LIVE_WORKERS,
  });
  const rows: QuerySource = { store, metadata: registryMetadata(processes) };
  const cpu = cpuMeter();
  let last: { at: number; counters: CaptureCounters } = {
    at: performance.now(),
    counters: capture.counters(),
  };
  let eventsPerSecond = 0;
  const status = (): LiveStatus => {
    const now = { at: performance.now(), counters: capture.counters() };
    if (now.at - last.at >= RATE_WINDOW_MS) {
      eventsPerSecond = (now.counters.events - last.counters.events) / ((now.at - last.at) / 1000);
      last = now;
    }
    return {
      capture: capture.label,
      eventsPerSecond,
      drops: now.counters.drops,
      ...baseStatus(rows, cpu),
    };
  };
  return {
    source: {
      run: (script, args) => settle(() => runScriptOn(script, rows, wallClockNs(), args)),
      rowsSeen: () => store.rowsAppended,
      status,
    },
    close: async () => {
      await capture.stop();
    },
  };
}

/** Live capture (or a capture file) that `px live` queries again and again. */
export async function openLiveSource(options: LiveSourceOptions): Promise<OpenLiveSource> {
  return options.pcap === undefined ? fromCapture(options) : fromFile(options.pcap, options);
}
