import { readValue, type TableSnapshot } from '../../src/store/index.js';

/** The named columns of every row of a snapshot, in natural JS types (row by row; tests only). */
export function snapshotRows(snapshot: TableSnapshot, names: readonly string[]): unknown[][] {
  const indexes = names.map((n) => snapshot.schema.columns.findIndex((c) => c.name === n));
  const out: unknown[][] = [];
  for (const chunk of snapshot.chunks) {
    for (let r = 0; r < chunk.rowCount; r++) out.push(indexes.map((i) => readValue(chunk, i, r)));
  }
  return out;
}
