import type { ResultColumn, ResultTable } from '../../../pxl/exec/result.js';
import type { SemanticType } from '../../../store/index.js';

/** 2023-11-14 22:13:20 UTC, the first time in chart tests. */
export const T0_NS = 1_700_000_000n * 1_000_000_000n;

/** A result table built by hand, its relation taken from the columns. */
export function resultTable(columns: readonly ResultColumn[]): ResultTable {
  return {
    name: 'chart',
    relation: columns.map(({ name, type, semantic }) => ({ name, type, semantic })),
    rowCount: columns[0]?.values.length ?? 0,
    columns,
  };
}

/** `time_` at T0 plus the given seconds. */
export function timeColumn(seconds: readonly number[]): ResultColumn {
  const values = BigInt64Array.from(seconds.map((s) => T0_NS + BigInt(s) * 1_000_000_000n));
  return { name: 'time_', type: 'TIME64NS', semantic: 'ST_NONE', values };
}

export function numberColumn(
  name: string,
  values: readonly number[],
  semantic: SemanticType = 'ST_NONE',
): ResultColumn {
  return { name, type: 'FLOAT64', semantic, values: Float64Array.from(values) };
}

export function stringColumn(name: string, values: readonly string[]): ResultColumn {
  return { name, type: 'STRING', semantic: 'ST_SERVICE_NAME', values };
}
