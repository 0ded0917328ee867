import { cellValue, type ResultColumn, type ResultTable } from '../../pxl/exec/result.js';
import { formatValue, type ValueColumn } from '../../format/value-format.js';

/** The parts of Pixie's TimeseriesChart displaySpec that a terminal chart uses. */
export interface TimeseriesSpec {
  readonly timeseries: readonly SeriesSpec[];
  readonly title?: string;
  readonly yAxisLabel?: string;
}

export interface SeriesSpec {
  /** A numeric column to plot. */
  readonly value: string;
  /** A column whose values split the rows into separate lines. */
  readonly series?: string;
}

export interface ChartPoint {
  readonly timeNs: bigint;
  readonly value: number;
}

export interface ChartSeries {
  /** "frontend p99"; just the series value for one value column, just the column without `series`. */
  readonly name: string;
  /** Sorted by time; only finite values. */
  readonly points: readonly ChartPoint[];
  /** The value at the latest time: what the legend shows and what ranks series. */
  readonly latest: number;
  /** Type and semantic type of the value column, for formatting. */
  readonly column: ValueColumn;
}

export interface ChartData {
  readonly series: readonly ChartSeries[];
  /** Series left out to stay within the limit (the smallest latest values). */
  readonly dropped: number;
  /** How y-axis values are formatted: the first plotted series' column. */
  readonly axis: ValueColumn | undefined;
}

export const DEFAULT_MAX_SERIES = 8;
const TIME_COLUMN = 'time_';

/** Reads a displaySpec from vis.json; anything missing or malformed is left out. */
export function parseTimeseriesSpec(raw: unknown): TimeseriesSpec {
  const spec = asRecord(raw);
  const list = Array.isArray(spec['timeseries']) ? (spec['timeseries'] as unknown[]) : [];
  const timeseries: SeriesSpec[] = [];
  for (const item of list) {
    const entry = asRecord(item);
    const value = entry['value'];
    if (typeof value !== 'string' || value === '') continue;
    const series = entry['series'];
    timeseries.push(typeof series === 'string' && series !== '' ? { value, series } : { value });
  }
  const title = spec['title'];
  const yAxisLabel = asRecord(spec['yAxis'])['label'];
  return {
    timeseries,
    ...(typeof title === 'string' && title !== '' ? { title } : {}),
    ...(typeof yAxisLabel === 'string' && yAxisLabel !== '' ? { yAxisLabel } : {}),
  };
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

interface Candidate extends ChartSeries {
  readonly key: string;
  readonly order: number;
}

/**
 * Builds one line per (series value × value column) from a result table whose X is `time_`,
 * keeping the `maxSeries` lines with the largest latest values. Kept lines are ordered by series
 * value, then by the spec's column order, so colours stay put while ranks change.
 */
export function extractSeries(
  table: ResultTable,
  spec: TimeseriesSpec,
  maxSeries = DEFAULT_MAX_SERIES,
): ChartData {
  const time = table.columns.find((c) => c.name === TIME_COLUMN);
  if (time?.type !== 'TIME64NS') return { series: [], dropped: 0, axis: undefined };
  const named = spec.timeseries.length > 1;
  const candidates = spec.timeseries.flatMap((entry, order) =>
    seriesOf(table, time.values, entry, order, named),
  );
  const ranked = [...candidates].sort((a, b) => b.latest - a.latest);
  const kept = new Set(ranked.slice(0, Math.max(0, maxSeries)));
  const series = candidates
    .filter((c) => kept.has(c))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.order - b.order))
    .map(({ name, points, latest, column }) => ({ name, points, latest, column }));
  return { series, dropped: candidates.length - series.length, axis: series[0]?.column };
}

function seriesOf(
  table: ResultTable,
  times: BigInt64Array,
  entry: SeriesSpec,
  order: number,
  named: boolean,
): Candidate[] {
  const value = table.columns.find((c) => c.name === entry.value);
  if (value === undefined || !isNumericColumn(value)) return [];
  const split =
    entry.series === undefined ? undefined : table.columns.find((c) => c.name === entry.series);
  const groups = new Map<string, ChartPoint[]>();
  for (let row = 0; row < table.rowCount; row++) {
    const v = value.values[row];
    const t = times[row];
    if (v === undefined || t === undefined || !Number.isFinite(v)) continue;
    const key = split === undefined ? '' : seriesLabel(split, row);
    const points = groups.get(key) ?? [];
    points.push({ timeNs: t, value: v });
    groups.set(key, points);
  }
  const column: ValueColumn = { type: value.type, semantic: value.semantic };
  return [...groups].map(([key, points]) => {
    points.sort((a, b) => (a.timeNs < b.timeNs ? -1 : a.timeNs > b.timeNs ? 1 : 0));
    const name = split === undefined ? entry.value : named ? `${key} ${entry.value}` : key;
    const latest = (points[points.length - 1] as ChartPoint).value;
    return { key, order, name, points, latest, column };
  });
}

function isNumericColumn(
  column: ResultColumn,
): column is Extract<ResultColumn, { values: Float64Array | Uint8Array }> {
  return column.type === 'INT64' || column.type === 'FLOAT64' || column.type === 'BOOLEAN';
}

function seriesLabel(column: ResultColumn, row: number): string {
  const text = formatValue(cellValue(column, row), column);
  return text === '' ? '(none)' : text;
}
