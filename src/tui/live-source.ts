import type { ResultTable } from '../pxl/exec/result.js';
import type { Script } from '../scripts/bundle.js';

/** How the capture behind the view is doing; null where the source cannot tell. */
export interface LiveStatus {
  /** "eBPF", "libpcap", or "file capture.pcap". */
  readonly capture: string;
  readonly eventsPerSecond: number | null;
  /** Events lost since start. */
  readonly drops: number | null;
  /** px's own CPU use since the last status, as a percentage of one core. */
  readonly cpuPercent: number | null;
  readonly rssBytes: number;
  readonly storeBytes: number;
  readonly storeBudgetBytes: number;
}

/**
 * Where `px live` gets its answers. The CLI implements it over a running capture (or a capture
 * file); the TUI only asks it to run scripts and report status, and knows no capture code.
 */
export interface LiveSource {
  /**
   * Runs a script on a fresh snapshot (here or in an agent); rejects with PxlError / PxError
   * on bad scripts or arguments.
   */
  run(script: Script, args: readonly string[]): Promise<ResultTable[]>;
  status(): LiveStatus;
  /** Rows stored so far; the view re-runs sooner when this moves. */
  rowsSeen(): number;
}
