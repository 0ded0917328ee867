import type { Store } from '../store/index.js';
import { readCaptureFile } from './capture/pcap/capture-file.js';
import type { CaptureStats } from './capture/pcap/capture-stats.js';
import { ConnTracker, type TrackerStats } from './conn/conn-tracker.js';
import { PROTOCOL_SPECS } from './protocols/registry.js';
import type { StreamEvent } from './stream/types.js';

export interface CaptureIngestStats {
  readonly capture: CaptureStats;
  readonly tracker: TrackerStats;
  /** Rows appended, by table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Time of the last packet, Unix ns (relative times in scripts count back from here). */
  readonly endTimeNs: bigint | null;
}

function lastTime(events: readonly StreamEvent[], current: bigint | null): bigint | null {
  let latest = current;
  for (const e of events) if (latest === null || e.timeNs > latest) latest = e.timeNs;
  return latest;
}

/**
 * Reads a pcap/pcapng file through reassembly, the protocol parsers and the stitchers into
 * the store: the offline path behind `--pcap FILE`. Rows are from the server's point of view.
 */
export async function ingestCaptureFile(
  path: string,
  store: Store,
  onProgress?: (bytesRead: number) => void,
): Promise<CaptureIngestStats> {
  const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
  const rows: Record<string, number> = {};
  const flush = (): void => {
    for (const [table, batch] of tracker.sink.take()) {
      store.append(table, batch);
      rows[table] = (rows[table] ?? 0) + batch.length;
    }
  };
  const file = readCaptureFile(path);
  let endTimeNs: bigint | null = null;
  for await (const events of file) {
    endTimeNs = lastTime(events, endTimeNs);
    tracker.handle(events);
    if (endTimeNs !== null) tracker.expire(endTimeNs);
    flush();
    onProgress?.(file.stats.capturedBytes);
  }
  tracker.finish(endTimeNs ?? 0n);
  flush();
  return { capture: file.stats, tracker: tracker.stats(), rows, endTimeNs };
}
