import type { ResultTable } from '../../pxl/exec/result.js';
import { cellValue } from '../../pxl/exec/result.js';
import { formatCompact, formatValue } from '../../format/value-format.js';
import type { GraphEdge } from './graph-model.js';
import { findColumn } from './graph-model.js';
import type { GraphSpec } from './graph-spec.js';

export type Severity = 'low' | 'medium' | 'high';

/** Without thresholds in the spec: an error rate (fraction) or p99 (ns) at or above these. */
export const DEFAULT_LIMITS = {
  errorRate: { medium: 0.01, high: 0.05 },
  p99Ns: { medium: 200e6, high: 1e9 },
} as const;

/** Weight, error rate and p99 of an edge, e.g. "12.3 /sec 3.00% 45.2 ms"; missing parts skipped. */
export function edgeLabel(edge: GraphEdge, table: ResultTable, spec: GraphSpec): string {
  const parts: string[] = [];
  const weight = findColumn(table, spec.weight);
  const error = findColumn(table, spec.errorRate);
  const p99 = findColumn(table, spec.p99);
  if (weight !== undefined) parts.push(formatCompact(edge.weight, weight));
  if (error !== undefined && edge.errorRate !== undefined) {
    parts.push(formatCompact(edge.errorRate, error));
  }
  if (p99 !== undefined && edge.p99 !== undefined) parts.push(formatCompact(edge.p99, p99));
  return parts.join(' ');
}

function level(value: number | undefined, limits: { medium: number; high: number }): Severity {
  if (value === undefined) return 'low';
  return value >= limits.high ? 'high' : value >= limits.medium ? 'medium' : 'low';
}

/** The spec's thresholds when given, else the worse of error rate and p99 severities. */
export function edgeSeverity(edge: GraphEdge, spec: GraphSpec): Severity {
  if (spec.thresholds !== undefined) return level(edge.colorValue, spec.thresholds);
  const error = level(edge.errorRate, DEFAULT_LIMITS.errorRate);
  const latency = level(edge.p99, DEFAULT_LIMITS.p99Ns);
  return error === 'high' || latency === 'high'
    ? 'high'
    : error === 'medium' || latency === 'medium'
      ? 'medium'
      : 'low';
}

/**
 * The hover columns of an edge as "name value" pairs. Weight, error rate and p99 show the
 * merged values; other columns show the heaviest merged row's.
 */
export function edgeDetails(edge: GraphEdge, table: ResultTable, spec: GraphSpec): string {
  const pairs = spec.hover.flatMap((name) => {
    const column = findColumn(table, name);
    if (column === undefined) return [];
    const merged =
      name === spec.weight
        ? edge.weight
        : name === spec.errorRate
          ? edge.errorRate
          : name === spec.p99
            ? edge.p99
            : undefined;
    const text =
      merged === undefined
        ? formatValue(cellValue(column, edge.row), column)
        : formatCompact(merged, column);
    return [`${name} ${text}`];
  });
  return [`${edge.from} → ${edge.to}`, ...pairs].join('  ');
}
