import type { ResultTable } from '../../pxl/exec/result.js';
import { formatValue, type ValueColumn } from '../../format/value-format.js';
import { allRows, asRecord, findColumn, isNumeric, type BarData } from './bar-data.js';
import { binSamples, type Bin } from './histogram-bins.js';

/**
 * The parts of Pixie's HistogramChart displaySpec a terminal draws. Bins are always horizontal
 * bars here (one line per bin), so `horizontal` is not read.
 */
export interface HistogramSpec {
  /** The numeric column to bin. */
  readonly value: string;
  /** A column of counts when the rows are already binned: each row weighs that much. */
  readonly prebinCount?: string;
  readonly maxbins?: number;
  readonly minstep?: number;
  readonly title?: string;
}

export interface Histogram {
  readonly bins: readonly Bin[];
  /** How bin edges are formatted: the value column's units. */
  readonly column: ValueColumn;
  /** How counts are formatted: the prebinCount column's, else plain integers. */
  readonly countColumn: ValueColumn;
}

/** Vega's default, which Pixie's charts inherit when a spec gives none. */
export const DEFAULT_MAXBINS = 10;
const COUNTS: ValueColumn = { type: 'INT64', semantic: 'ST_NONE' };
const PLAIN_NUMBERS: ValueColumn = { type: 'FLOAT64', semantic: 'ST_NONE' };

/** Reads a HistogramChart displaySpec; a spec without a value column gives undefined. */
export function parseHistogramSpec(raw: unknown): HistogramSpec | undefined {
  const spec = asRecord(raw);
  const histogram = asRecord(spec['histogram']);
  const value = histogram['value'];
  if (typeof value !== 'string' || value === '') return undefined;
  const prebinCount = histogram['prebinCount'];
  // Protobuf JSON may write int64 fields (maxbins) as strings.
  const maxbins = positive(histogram['maxbins']);
  const minstep = positive(histogram['minstep']);
  const title = spec['title'];
  return {
    value,
    ...(typeof prebinCount === 'string' && prebinCount !== '' ? { prebinCount } : {}),
    ...(maxbins === undefined ? {} : { maxbins: Math.floor(maxbins) }),
    ...(minstep === undefined ? {} : { minstep }),
    ...(typeof title === 'string' && title !== '' ? { title } : {}),
  };
}

function positive(raw: unknown): number | undefined {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/**
 * Bins the value column of `rows` (default: all) into at most `maxbins` bins. A missing or
 * non-numeric value column, or a prebinCount column that is not numeric, gives no bins.
 */
export function extractHistogram(
  table: ResultTable,
  spec: HistogramSpec,
  maxbins: number,
  rows: readonly number[] = allRows(table),
): Histogram {
  const value = findColumn(table, spec.value);
  const found = findColumn(table, spec.prebinCount);
  const counts = found !== undefined && isNumeric(found) ? found : undefined;
  const prebinned = spec.prebinCount !== undefined;
  if (value === undefined || !isNumeric(value) || (prebinned && counts === undefined)) {
    return { bins: [], column: PLAIN_NUMBERS, countColumn: COUNTS };
  }
  const values: number[] = [];
  const weights: number[] = [];
  for (const row of rows) {
    values.push(value.values[row] ?? Number.NaN);
    weights.push(counts === undefined ? 1 : (counts.values[row] ?? Number.NaN));
  }
  const bins = binSamples(values, weights, {
    maxbins,
    minstep: spec.minstep ?? 0,
    integer: value.type === 'INT64',
    prebinned,
  });
  return {
    bins,
    column: { type: value.type, semantic: value.semantic },
    countColumn: counts === undefined ? COUNTS : { type: counts.type, semantic: counts.semantic },
  };
}

/** One bar per bin, labelled "10 ms – 20 ms" with the starts right-aligned so ranges line up. */
export function histogramBars(histogram: Histogram): BarData {
  const starts = histogram.bins.map((bin) => formatValue(bin.start, histogram.column));
  const startWidth = Math.max(0, ...starts.map((s) => Array.from(s).length));
  const bars = histogram.bins.map((bin, i) => {
    const start = starts[i] ?? '';
    const pad = ' '.repeat(startWidth - Array.from(start).length);
    const label = `${pad}${start} – ${formatValue(bin.end, histogram.column)}`;
    return { label, parts: [bin.count], total: bin.count };
  });
  return { bars, stacks: [], column: histogram.countColumn };
}
