import type { RowBatch } from '../../store/index.js';
import { readCaptureFile } from '../capture/pcap/capture-file.js';
import type { CaptureStats } from '../capture/pcap/capture-stats.js';
import type { ShardFilter } from '../capture/pcap/flow-shards.js';
import { ConnTracker, type TrackerStats } from '../conn/conn-tracker.js';
import { PROTOCOL_SPECS } from '../protocols/registry.js';

export interface ShardPassOptions {
  /** The flows this pass owns; every flow when absent. */
  readonly shard?: ShardFilter;
  /** The rows of one chunk of the file, by table; the pass waits for a returned promise. */
  readonly onRows: (batches: Map<string, RowBatch>) => Promise<void> | void;
  /** Called after each chunk of the file with the counters so far. */
  readonly onChunk?: (stats: CaptureStats) => void;
}

export interface ShardPassResult {
  /** Frame counters cover the whole file; TCP counters only this shard's flows. */
  readonly capture: CaptureStats;
  readonly tracker: TrackerStats;
  /** Time of the last frame, Unix ns. */
  readonly endTimeNs: bigint | null;
}

/**
 * One reader's pass over a capture file: its shard's flows through reassembly, the connection
 * tracker and the parsers, into rows. After each chunk the tracker's clock moves to the latest
 * frame time, so timeouts (unanswered DNS queries, idle connections) follow capture time.
 */
export async function runShardPass(
  path: string,
  options: ShardPassOptions,
): Promise<ShardPassResult> {
  const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
  const file = readCaptureFile(path, options.shard === undefined ? {} : { shard: options.shard });
  for await (const events of file) {
    tracker.handle(events);
    const now = file.latestTimeNs;
    if (now !== null) tracker.expire(now);
    await options.onRows(tracker.sink.take());
    options.onChunk?.(file.stats);
  }
  const endTimeNs = file.latestTimeNs;
  tracker.finish(endTimeNs ?? 0n);
  await options.onRows(tracker.sink.take());
  return { capture: file.stats, tracker: tracker.stats(), endTimeNs };
}
