import type { ResultColumn, ResultTable } from '../../pxl/exec/result.js';
import { cellValue } from '../../pxl/exec/result.js';
import { formatValue } from '../../format/value-format.js';
import type { GraphSpec } from './graph-spec.js';

/** One requestor → responder pair; duplicate rows of the table are merged into it. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** Sum of the weight column over merged rows; the row count when the spec has no weight. */
  readonly weight: number;
  /** Weight-averaged over merged rows (a plain mean when all weights are 0). */
  readonly errorRate?: number;
  /** The heaviest row's p99: percentiles of separate rows cannot be combined. */
  readonly p99?: number;
  /** Raw value the thresholds colour by (summed when it is the weight column). */
  readonly colorValue?: number;
  /** The heaviest merged row: it stands for the edge in hover details. */
  readonly row: number;
  readonly rowCount: number;
}

export interface GraphNode {
  readonly name: string;
  /** Total weight of edges into the node (requests it serves). */
  readonly inWeight: number;
  /** Total weight of edges out of the node (requests it makes). */
  readonly outWeight: number;
}

export interface GraphModel {
  /** Sorted by name, so a refreshing map keeps its shape. */
  readonly nodes: readonly GraphNode[];
  /** Heaviest first; ties by from, then to. */
  readonly edges: readonly GraphEdge[];
}

/** Shown for an empty requestor/responder (a peer the script could not name). */
export const UNKNOWN_NODE = '(unknown)';

export function findColumn(table: ResultTable, name: string | undefined): ResultColumn | undefined {
  return name === undefined ? undefined : table.columns.find((c) => c.name === name);
}

function nodeName(column: ResultColumn, row: number): string {
  const text = formatValue(cellValue(column, row), column);
  return text === '' ? UNKNOWN_NODE : text;
}

function numberAt(column: ResultColumn | undefined, row: number): number | undefined {
  if (column?.type !== 'INT64' && column?.type !== 'FLOAT64') return undefined;
  const value = column.values[row];
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

interface Accumulator {
  readonly from: string;
  readonly to: string;
  weight: number;
  heaviest: number;
  heaviestWeight: number;
  rowCount: number;
  errorWeighted: number;
  errorWeight: number;
  errorSum: number;
  errorCount: number;
}

function emptyAccumulator(from: string, to: string, row: number): Accumulator {
  return {
    from,
    to,
    weight: 0,
    heaviest: row,
    heaviestWeight: -Infinity,
    rowCount: 0,
    errorWeighted: 0,
    errorWeight: 0,
    errorSum: 0,
    errorCount: 0,
  };
}

function accumulate(
  acc: Accumulator,
  row: number,
  weight: number,
  error: number | undefined,
): void {
  acc.weight += weight;
  acc.rowCount += 1;
  if (weight > acc.heaviestWeight) {
    acc.heaviest = row;
    acc.heaviestWeight = weight;
  }
  if (error !== undefined) {
    acc.errorWeighted += error * weight;
    acc.errorWeight += weight;
    acc.errorSum += error;
    acc.errorCount += 1;
  }
}

function mergeRows(table: ResultTable, spec: GraphSpec): Accumulator[] {
  const fromColumn = findColumn(table, spec.from);
  const toColumn = findColumn(table, spec.to);
  if (fromColumn === undefined || toColumn === undefined) return [];
  const weightColumn = findColumn(table, spec.weight);
  const errorColumn = findColumn(table, spec.errorRate);
  const merged = new Map<string, Accumulator>();
  for (let row = 0; row < table.rowCount; row++) {
    const from = nodeName(fromColumn, row);
    const to = nodeName(toColumn, row);
    const key = `${from}\u0000${to}`;
    let acc = merged.get(key);
    if (acc === undefined) {
      acc = emptyAccumulator(from, to, row);
      merged.set(key, acc);
    }
    const weight = weightColumn === undefined ? 1 : Math.max(0, numberAt(weightColumn, row) ?? 0);
    accumulate(acc, row, weight, numberAt(errorColumn, row));
  }
  return [...merged.values()];
}

/** The value thresholds colour by: a merged value when the colour column is one of them. */
function colorOf(
  spec: GraphSpec,
  merged: { weight: number; errorRate: number | undefined; p99: number | undefined },
  heaviestRow: () => number | undefined,
): number | undefined {
  const column = spec.thresholds?.column;
  if (column === undefined) return undefined;
  if (column === spec.weight) return merged.weight;
  if (column === spec.errorRate) return merged.errorRate;
  if (column === spec.p99) return merged.p99;
  return heaviestRow();
}

function toEdge(acc: Accumulator, table: ResultTable, spec: GraphSpec): GraphEdge {
  const errorRate =
    acc.errorCount === 0
      ? undefined
      : acc.errorWeight > 0
        ? acc.errorWeighted / acc.errorWeight
        : acc.errorSum / acc.errorCount;
  const p99 = numberAt(findColumn(table, spec.p99), acc.heaviest);
  const colorValue = colorOf(spec, { weight: acc.weight, errorRate, p99 }, () =>
    numberAt(findColumn(table, spec.thresholds?.column), acc.heaviest),
  );
  return {
    from: acc.from,
    to: acc.to,
    weight: acc.weight,
    row: acc.heaviest,
    rowCount: acc.rowCount,
    ...(errorRate === undefined ? {} : { errorRate }),
    ...(p99 === undefined ? {} : { p99 }),
    ...(colorValue === undefined ? {} : { colorValue }),
  };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups the table's rows into distinct nodes and merged, weight-sorted edges. */
export function buildGraphModel(table: ResultTable, spec: GraphSpec): GraphModel {
  const edges = mergeRows(table, spec)
    .map((acc) => toEdge(acc, table, spec))
    .sort((a, b) => b.weight - a.weight || byText(a.from, b.from) || byText(a.to, b.to));
  const totals = new Map<string, { inWeight: number; outWeight: number }>();
  const node = (name: string) => {
    let total = totals.get(name);
    if (total === undefined) {
      total = { inWeight: 0, outWeight: 0 };
      totals.set(name, total);
    }
    return total;
  };
  for (const edge of edges) {
    node(edge.from).outWeight += edge.weight;
    node(edge.to).inWeight += edge.weight;
  }
  const nodes = [...totals.entries()]
    .map(([name, total]) => ({ name, ...total }))
    .sort((a, b) => byText(a.name, b.name));
  return { nodes, edges };
}
