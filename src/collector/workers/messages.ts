import type { RowBatch } from '../../store/index.js';
import type { TrackerStats } from '../conn/conn-tracker.js';

/** Main thread → parser worker. */
export type ToWorker =
  | { readonly type: 'events'; readonly buffer: ArrayBuffer }
  | { readonly type: 'expire'; readonly nowNs: bigint }
  | { readonly type: 'finish'; readonly nowNs: bigint };

/** Parser worker → main thread: rows made by one message, and the tracker's counters. */
export interface FromWorker {
  readonly type: 'rows' | 'finished';
  readonly batches: readonly (readonly [string, RowBatch])[];
  readonly stats: TrackerStats;
}
