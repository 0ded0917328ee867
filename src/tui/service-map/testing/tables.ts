import type { ResultColumn, ResultTable } from '../../../pxl/exec/result.js';
import type { SemanticType } from '../../../store/index.js';

/** Hand-built result columns for service-map tests (numbers in Float64Arrays, as exec makes them). */
export type ColumnInput =
  | {
      readonly name: string;
      readonly type: 'INT64' | 'FLOAT64';
      readonly semantic?: SemanticType;
      readonly values: readonly number[];
    }
  | {
      readonly name: string;
      readonly type: 'STRING';
      readonly semantic?: SemanticType;
      readonly values: readonly string[];
    };

export function resultTable(name: string, inputs: readonly ColumnInput[]): ResultTable {
  const columns: ResultColumn[] = inputs.map((c) => {
    const base = { name: c.name, semantic: c.semantic ?? 'ST_NONE' };
    return c.type === 'STRING'
      ? { ...base, type: c.type, values: [...c.values] }
      : { ...base, type: c.type, values: Float64Array.from(c.values) };
  });
  return {
    name,
    relation: columns.map((c) => ({ name: c.name, type: c.type, semantic: c.semantic })),
    rowCount: inputs[0]?.values.length ?? 0,
    columns,
  };
}

/** requestor, responder, requests/s, error fraction, p99 in ms. */
export type ServiceRow = readonly [string, string, number, number, number];

/**
 * The shape px/service_map produces: requestor, responder, requests, throughput (per ns),
 * error_rate (fraction), p50 and p99 (ns), over a 10 s window.
 */
export function serviceMapTable(rows: readonly ServiceRow[]): ResultTable {
  return resultTable('service_map', [
    { name: 'requestor', type: 'STRING', values: rows.map((r) => r[0]) },
    { name: 'responder', type: 'STRING', values: rows.map((r) => r[1]) },
    { name: 'requests', type: 'INT64', values: rows.map((r) => Math.round(r[2] * 10)) },
    {
      name: 'throughput',
      type: 'FLOAT64',
      semantic: 'ST_THROUGHPUT_PER_NS',
      values: rows.map((r) => r[2] / 1e9),
    },
    { name: 'error_rate', type: 'FLOAT64', semantic: 'ST_PERCENT', values: rows.map((r) => r[3]) },
    {
      name: 'p50',
      type: 'INT64',
      semantic: 'ST_DURATION_NS',
      values: rows.map((r) => (r[4] * 1e6) / 2),
    },
    { name: 'p99', type: 'INT64', semantic: 'ST_DURATION_NS', values: rows.map((r) => r[4] * 1e6) },
  ]);
}

/** The Graph displaySpec px/service_map's vis.json uses. */
export const SERVICE_MAP_SPEC: Readonly<Record<string, unknown>> = {
  '@type': 'types.px.dev/px.vispb.Graph',
  adjacencyList: { fromColumn: 'requestor', toColumn: 'responder' },
  edgeWeightColumn: 'throughput',
  edgeHoverInfo: ['requests', 'throughput', 'error_rate', 'p99'],
};
