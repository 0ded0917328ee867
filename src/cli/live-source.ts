import { basename } from 'node:path';
import { ProcessRegistry } from '../collector/proc/process-registry.js';
import { wallClockNs } from '../store/index.js';
import type { LiveSource, LiveStatus } from '../tui/live-source.js';
import { startCapture, type CaptureMode, type CaptureCounters } from './capture-control.js';
import { registryMetadata } from './live-metadata.js';
import { createStore, openSession, runScriptOn, type QuerySource } from './session.js';

export interface LiveSourceOptions {
  readonly pcap?: string;
  readonly capture: CaptureMode;
  readonly storeMemory?: string;
  readonly workers: number;
  readonly progress: (line: string) => void;
}

export interface OpenLiveSource {
  readonly source: LiveSource;
  /** Stops capturing (nothing to do for a capture file). */
  close(): Promise<void>;
}

/** px's own CPU as a percentage of one core since the previous call, workers included. */
function cpuMeter(): () => number {
  let last = { at: performance.now(), usage: process.cpuUsage() };
  return () => {
    const now = { at: performance.now(), usage: process.cpuUsage() };
    const usedUs = now.usage.user - last.usage.user + (now.usage.system - last.usage.system);
    const wallUs = Math.max(1, (now.at - last.at) * 1000);
    last = now;
    return (100 * usedUs) / wallUs;
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
      run: (script, args) => runScriptOn(script, session, session.now, args),
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
  const capture = startCapture({ mode: options.capture, store, processes, ...options });
  const rows: QuerySource = { store, metadata: registryMetadata(processes) };
  const cpu = cpuMeter();
  let last: { at: number; counters: CaptureCounters } = {
    at: performance.now(),
    counters: capture.counters(),
  };
  const status = (): LiveStatus => {
    const now = { at: performance.now(), counters: capture.counters() };
    const seconds = Math.max(0.001, (now.at - last.at) / 1000);
    const eventsPerSecond = (now.counters.events - last.counters.events) / seconds;
    last = now;
    return {
      capture: capture.label,
      eventsPerSecond,
      drops: now.counters.drops,
      ...baseStatus(rows, cpu),
    };
  };
  return {
    source: {
      run: (script, args) => runScriptOn(script, rows, wallClockNs(), args),
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
