import { Store, TABLES, type CellValue, type ColumnType } from '../../../store/index.js';

/** One row by column name; columns left out get their type's zero value. */
export type Row = Readonly<Record<string, CellValue>>;

const ZERO: Record<ColumnType, CellValue> = {
  TIME64NS: 0n,
  UINT128: 0n,
  INT64: 0,
  FLOAT64: 0,
  STRING: '',
  BOOLEAN: false,
};

/** Appends rows to a table of the real Store, in batches, so queries cross chunk edges. */
export function appendRows(
  store: Store,
  table: string,
  rows: readonly Row[],
  batchRows = 16,
): void {
  const schema = store.schema(table);
  if (schema === undefined) throw new Error(`no table ${table}`);
  for (let from = 0; from < rows.length; from += batchRows) {
    const part = rows.slice(from, from + batchRows);
    const columns: Record<string, CellValue[]> = {};
    for (const spec of schema.columns) {
      columns[spec.name] = part.map((r) => r[spec.name] ?? ZERO[spec.type]);
    }
    store.append(table, { length: part.length, columns: columns as Record<string, bigint[]> });
  }
}

/** A Store with px's tables in small chunks (so several chunks and dictionaries are read). */
export function smallStore(now: bigint): Store {
  return new Store({
    budgetBytes: 1 << 30,
    schemas: TABLES.values(),
    chunkRows: 24,
    now: () => now,
  });
}
