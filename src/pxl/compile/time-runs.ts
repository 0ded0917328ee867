import type { CellValue, ColumnInput, Table } from '../../store/index.js';
import { MAX_TIME_OFFSET } from '../exec/vector.js';

/**
 * Appends rows to a table of computed values (a lookup table), starting a new chunk wherever
 * a TIME64NS column would lie more than 2^52 ns from its chunk's first value. The store keeps
 * each chunk's times as one base plus float offsets and splits chunks by its first time column
 * only; a lookup table may hold several (pod_name_to_start_time next to pod_id_to_start_time,
 * an unknown pod's 0 next to a real start), so it splits here for all of them.
 */
export function appendInTimeRuns(
  table: Table,
  columns: Readonly<Record<string, CellValue[]>>,
  rows: number,
): void {
  const times = table.schema.columns
    .filter((c) => c.type === 'TIME64NS')
    .map((c) => columns[c.name] as bigint[]);
  const limit = BigInt(MAX_TIME_OFFSET);
  const far = (first: number, row: number) =>
    times.some((values) => {
      const delta = (values[row] as bigint) - (values[first] as bigint);
      return delta > limit || delta < -limit;
    });
  let start = 0;
  for (let row = 1; row <= rows; row++) {
    if (row < rows && !far(start, row)) continue;
    const slice = Object.fromEntries(
      Object.entries(columns).map(([name, values]) => [name, values.slice(start, row)]),
    );
    table.append({ length: row - start, columns: slice as Record<string, ColumnInput> });
    table.sealOpenChunk();
    start = row;
  }
}
