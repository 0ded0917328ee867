import type { ColumnChunk } from './column/column-chunk.js';

/** A run of rows of one table, column by column. Sealed chunks never change. */
export interface Chunk {
  readonly rowCount: number;
  readonly columns: readonly ColumnChunk[];
  /** Earliest and latest time_ in the chunk, Unix ns (for time-range pruning and retention). */
  readonly minTimeNs: bigint;
  readonly maxTimeNs: bigint;
}

export interface SealedChunk extends Chunk {
  /** Typed-array bytes plus approximate dictionary bytes. */
  readonly bytes: number;
  /** The dictionary share of `bytes`. */
  readonly payloadBytes: number;
}
