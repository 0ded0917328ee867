import type { CaptureStats } from '../capture/pcap/capture-stats.js';
import type { TrackerStats } from '../conn/conn-tracker.js';
import type { PackedBatch } from '../workers/row-wire.js';

/** What a shard worker is started with (its workerData). */
export interface ShardJob {
  readonly path: string;
  /** This worker's shard, an index into `weights`. */
  readonly index: number;
  /** Every shard's share of the flows, the same for all readers of the file. */
  readonly weights: readonly number[];
}

/** Shard worker → main thread. */
export type FromShard =
  | { readonly type: 'rows'; readonly batches: readonly (readonly [string, PackedBatch])[] }
  | {
      readonly type: 'done';
      readonly capture: CaptureStats;
      readonly tracker: TrackerStats;
    }
  | { readonly type: 'failed'; readonly message: string };

/** Main thread → shard worker: one rows message has been appended (back-pressure). */
export type ToShard = 'appended';
