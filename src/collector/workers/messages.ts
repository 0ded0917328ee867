import type { TrackerStats } from '../conn/conn-tracker.js';
import type { PackedBatch } from './row-wire.js';

/** Main thread → parser worker. */
export type ToWorker =
  | { readonly type: 'events'; readonly buffer: ArrayBuffer }
  | { readonly type: 'expire'; readonly nowNs: bigint }
  | { readonly type: 'finish'; readonly nowNs: bigint };

/** Parser worker → main thread: rows made by one message, and the tracker's counters. */
export interface FromWorker {
  readonly type: 'rows' | 'finished';
  readonly batches: readonly (readonly [string, PackedBatch])[];
  readonly stats: TrackerStats;
}
