import { laneBytes, type Lane } from './lane.js';

/** INT64, FLOAT64 and BOOLEAN (0/1) values. INT64 holds integers up to ±2^53 exactly. */
export interface NumberChunk {
  readonly kind: 'number';
  readonly lane: Lane;
}

/**
 * TIME64NS values as `baseNs + lane[row]`. Offsets are exact integers (a chunk never spans
 * more than 2^53 ns), so nanosecond timestamps survive without the cost of a bigint per row.
 */
export interface TimeChunk {
  readonly kind: 'time';
  readonly baseNs: bigint;
  readonly lane: Lane;
}

/** Dictionary-encoded STRING (T = string) and UINT128 (T = bigint) values. */
export interface DictChunk<T> {
  readonly kind: 'dict';
  readonly codes: Lane;
  readonly dict: readonly T[];
}

export type ColumnChunk = NumberChunk | TimeChunk | DictChunk<string> | DictChunk<bigint>;

/** Bytes held by the chunk's typed array (dictionary entries are counted by the builder). */
export function columnArrayBytes(chunk: ColumnChunk): number {
  return laneBytes(chunk.kind === 'dict' ? chunk.codes : chunk.lane);
}
