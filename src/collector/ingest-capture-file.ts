import type { RowBatch, Store } from '../store/index.js';
import { readCaptureFile } from './capture/pcap/capture-file.js';
import type { CaptureStats } from './capture/pcap/capture-stats.js';
import type { TrackerStats } from './conn/conn-tracker.js';
import { createEventConsumer } from './event-consumer.js';

export interface CaptureIngestOptions {
  /** 0 parses on this thread; N > 0 uses N parser workers, this thread taking a share too. */
  readonly workers?: number;
  /** Called after each chunk of the file with the bytes of packets read so far. */
  readonly onProgress?: (capturedBytes: number) => void;
}

export interface CaptureIngestStats {
  readonly capture: CaptureStats;
  readonly tracker: readonly TrackerStats[];
  /** Rows appended, by table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Time of the last packet, Unix ns (relative times in scripts count back from here). */
  readonly endTimeNs: bigint | null;
}

/**
 * Reads a pcap/pcapng file through reassembly, the protocol parsers and the stitchers into
 * the store: the offline path behind `--pcap FILE`. Rows are from the server's point of view.
 */
export async function ingestCaptureFile(
  path: string,
  store: Store,
  options: CaptureIngestOptions = {},
): Promise<CaptureIngestStats> {
  const rows: Record<string, number> = {};
  const onRows = (table: string, batch: RowBatch): void => {
    store.append(table, batch);
    rows[table] = (rows[table] ?? 0) + batch.length;
  };
  const consumer = createEventConsumer(options.workers ?? 0, onRows, { parseHereToo: true });
  const file = readCaptureFile(path);
  let endTimeNs: bigint | null = null;
  try {
    for await (const events of file) {
      for (const e of events) if (endTimeNs === null || e.timeNs > endTimeNs) endTimeNs = e.timeNs;
      await consumer.push(events);
      if (endTimeNs !== null) consumer.expire(endTimeNs);
      options.onProgress?.(file.stats.capturedBytes);
    }
    await consumer.finish(endTimeNs ?? 0n);
    return { capture: file.stats, tracker: consumer.trackerStats(), rows, endTimeNs };
  } finally {
    await consumer.close();
  }
}
