/**
 * px's live capture as the benchmark runs it: the eBPF or libpcap collector into a Store, set
 * up the way `px run` sets it up on two cores (one parser worker, taken only once traffic is
 * heavy: AdaptiveConsumer; process registry; /proc sampling), and the
 * figures the overhead benchmark reports about it.
 */
import { PcapLiveCollector } from '../../src/collector/capture/pcap/live/pcap-live-collector.js';
import type { TrackerStats } from '../../src/collector/conn/conn-tracker.js';
import { LiveCollector } from '../../src/collector/live/live-collector.js';
import { readMemory } from '../../src/collector/preflight/memory.js';
import { ProcessRegistry } from '../../src/collector/proc/process-registry.js';
import { defaultBudgetBytes, Store } from '../../src/store/index.js';
import { countHttpRows, type HttpRowCounts } from './http-rows.js';

export type CaptureMode = 'ebpf' | 'pcap';

export interface PxCaptureReport {
  readonly mode: CaptureMode;
  /** px's CPU (user + system, all threads) from capture start to after stop and flush. */
  readonly cpuUs: number;
  /** The kernel's share of cpuUs (ring-buffer or packet reads, /proc sampling). */
  readonly systemCpuUs: number;
  readonly wallMs: number;
  readonly peakRssBytes: number;
  /** Rows appended per table. */
  readonly rows: Readonly<Record<string, number>>;
  readonly http: HttpRowCounts;
  /** Events lost before px saw them: ring-buffer drops (eBPF); null where not exposed (libpcap). */
  readonly drops: number | null;
  /** eBPF reads of user memory that failed (records without their bytes); 0 for libpcap. */
  readonly readErrors: number;
  /** Stream gaps the trackers (and, for libpcap, TCP reassembly) had to jump. */
  readonly gaps: number;
  /** Connections parsed on px's main thread and in its worker threads (see AdaptiveConsumer). */
  readonly parsedConnections: { readonly mainThread: number; readonly workers: number };
}

interface Lost {
  readonly drops: number | null;
  readonly readErrors: number;
  readonly gaps: number;
}

export interface RunningCapture {
  /** Stops capture, flushes, and reports (CPU counted from start). */
  stop(): Promise<PxCaptureReport>;
}

const PX_WORKERS = 1;

function startCollector(
  mode: CaptureMode,
  store: Store,
): () => Promise<{
  rows: Readonly<Record<string, number>>;
  lost: Lost;
  tracker: readonly TrackerStats[];
}> {
  const options = { store, workers: PX_WORKERS, processes: new ProcessRegistry() };
  const trackerGaps = (tracker: readonly { gaps: number }[]): number =>
    tracker.reduce((sum, t) => sum + t.gaps, 0);
  if (mode === 'ebpf') {
    const collector = LiveCollector.start(options);
    return async () => {
      const { capture, tracker, rows } = await collector.stop();
      const lost = {
        drops: capture.ringbufDrops,
        readErrors: capture.readErrors,
        gaps: trackerGaps(tracker),
      };
      return { rows, lost, tracker };
    };
  }
  const collector = PcapLiveCollector.start(options);
  return async () => {
    const { capture, tracker, rows } = await collector.stop();
    const gaps = capture.decoder.tcp.gaps + trackerGaps(tracker);
    return { rows, lost: { drops: capture.drops, readErrors: 0, gaps }, tracker };
  };
}

/** Starts capturing now; `port` is the benchmark server's, to tell its rows from other traffic. */
export function startPxCapture(mode: CaptureMode, port: number): RunningCapture {
  const store = new Store({ budgetBytes: defaultBudgetBytes(readMemory().totalBytes) });
  const stopCollector = startCollector(mode, store);
  const cpuStart = process.cpuUsage();
  const startMs = performance.now();
  return {
    async stop() {
      const { rows, lost, tracker } = await stopCollector();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - startMs;
      return {
        mode,
        cpuUs: cpu.user + cpu.system,
        systemCpuUs: cpu.system,
        wallMs,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        rows: { ...rows },
        http: countHttpRows(store, port),
        ...lost,
        parsedConnections: parsedConnections(tracker),
      };
    },
  };
}

/** The first tracker is the main thread's; the others are workers'. */
function parsedConnections(tracker: readonly TrackerStats[]): PxCaptureReport['parsedConnections'] {
  const opened = tracker.map((t) => t.connectionsOpened + t.adoptedConnections);
  const [mainThread = 0, ...workers] = opened;
  return { mainThread, workers: workers.reduce((sum, n) => sum + n, 0) };
}
