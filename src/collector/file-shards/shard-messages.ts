import type { CaptureStats } from '../capture/pcap/capture-stats.js';
import type { TrackerStats } from '../conn/conn-tracker.js';
import type { PackedBatch } from '../workers/row-wire.js';

/** What a shard worker is started with (its workerData). */
export interface ShardJob {
  readonly path: string;
  /** This worker's shard, from 1 (shard 0 is the main thread's). */
  readonly index: number;
  /** Shards in all, the same for every reader of the file. */
  readonly shards: number;
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
