export * from './schema/index.js';
export {
  BatchBuilder,
  INT64_MAX,
  INT64_MIN,
  validateBatch,
  type CellValue,
  type RowBatch,
} from './batch.js';
export type { ColumnInput } from './column/builders.js';
export type { Chunk } from './chunk.js';
export type { ColumnChunk, DictChunk, NumberChunk, TimeChunk } from './column/column-chunk.js';
export { laneValue, type Lane, type NumericArray } from './column/lane.js';
export { StoreError } from './errors.js';
export {
  Store,
  DEFAULT_MAX_AGE_NS,
  wallClockNs,
  type StoreOptions,
  type StoreStats,
} from './store.js';
export { Table, DEFAULT_CHUNK_ROWS, type TableSnapshot, type TableStats } from './table.js';
export { readTimeNs, readValue } from './read.js';
export { defaultBudgetBytes, DEFAULT_BUDGET_FRACTION } from './budget.js';
