import type { Relation } from '../plan/types.js';
import type { Batch } from './batch.js';

/**
 * A running plan node: its output columns, and its rows as a stream of batches. Streaming
 * operators (scan, filter, map, project, limit) pass batches through; blocking ones (agg,
 * sort, join's build side, union's ordering) read their input first.
 */
export interface Operator {
  readonly relation: Relation;
  batches(): Iterable<Batch>;
}
