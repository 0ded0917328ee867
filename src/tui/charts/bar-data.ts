import { cellValue, type ResultColumn, type ResultTable } from '../../pxl/exec/result.js';
import { formatValue, type ValueColumn } from '../../format/value-format.js';

/**
 * The parts of Pixie's BarChart displaySpec a terminal draws. `horizontal` is not read: bars
 * are always horizontal here, because one line per label is what a terminal does well.
 */
export interface BarSpec {
  /** The numeric column that sets each bar's length. */
  readonly value: string;
  /** The column whose values name the bars. */
  readonly label: string;
  readonly stackBy?: string;
  readonly groupBy?: string;
  readonly title?: string;
}

export interface Bar {
  readonly label: string;
  /** The bar's value per stack, by index into BarData.stacks; one entry when not split. */
  readonly parts: readonly number[];
  readonly total: number;
}

export interface BarData {
  /** In the order their labels first appear in the rows. */
  readonly bars: readonly Bar[];
  /** Names of the coloured segments (colour index = position); empty when bars are not split. */
  readonly stacks: readonly string[];
  /** How bar values are formatted. */
  readonly column: ValueColumn;
}

/** As many stacks as the chart palette has colours; beyond that the smallest share "other". */
export const MAX_STACKS = 8;
export const OTHER_STACK = '(other)';
const PLAIN_NUMBERS: ValueColumn = { type: 'FLOAT64', semantic: 'ST_NONE' };

/** Reads a BarChart displaySpec from vis.json; a spec without value or label gives undefined. */
export function parseBarSpec(raw: unknown): BarSpec | undefined {
  const spec = asRecord(raw);
  const bar = asRecord(spec['bar']);
  const value = text(bar['value']);
  const label = text(bar['label']);
  if (value === undefined || label === undefined) return undefined;
  const stackBy = text(bar['stackBy']);
  const groupBy = text(bar['groupBy']);
  const title = text(spec['title']);
  return {
    value,
    label,
    ...(stackBy === undefined ? {} : { stackBy }),
    ...(groupBy === undefined ? {} : { groupBy }),
    ...(title === undefined ? {} : { title }),
  };
}

export function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * One bar per label, values of rows with the same label summed. `stackBy` and `groupBy` both
 * split a bar into coloured segments rather than drawing grouped bars side by side: a stacked
 * bar keeps one line per label, so a panel shows as many labels as it has lines, and the
 * total stays readable at the end of the bar. With both, `groupBy` prefixes the label and
 * `stackBy` colours the segments. `rows` (e.g. the panel's filtered, sorted rows) defaults to
 * every row in table order.
 */
export function extractBars(table: ResultTable, spec: BarSpec, rows?: readonly number[]): BarData {
  const value = findColumn(table, spec.value);
  const label = findColumn(table, spec.label);
  if (value === undefined || !isNumeric(value) || label === undefined) {
    return { bars: [], stacks: [], column: PLAIN_NUMBERS };
  }
  const split = findColumn(table, spec.stackBy ?? spec.groupBy);
  const group = spec.stackBy === undefined ? undefined : findColumn(table, spec.groupBy);
  const sums = new Map<string, Map<string, number>>();
  const stackTotals = new Map<string, number>();
  for (const row of rows ?? allRows(table)) {
    const v = value.values[row];
    if (v === undefined || !Number.isFinite(v)) continue;
    const name = labelOf(label, row);
    const key = group === undefined ? name : `${labelOf(group, row)} · ${name}`;
    const stack = split === undefined ? '' : labelOf(split, row);
    const bar = sums.get(key) ?? new Map<string, number>();
    bar.set(stack, (bar.get(stack) ?? 0) + v);
    sums.set(key, bar);
    stackTotals.set(stack, (stackTotals.get(stack) ?? 0) + v);
  }
  const column: ValueColumn = { type: value.type, semantic: value.semantic };
  if (split === undefined) {
    const bars = [...sums].map(([key, bar]) => single(key, bar.get('') ?? 0));
    return { bars, stacks: [], column };
  }
  const stacks = keptStacks(stackTotals);
  const bars = [...sums].map(([key, bar]) => stackedBar(key, bar, stacks));
  return { bars, stacks, column };
}

function single(label: string, value: number): Bar {
  return { label, parts: [value], total: value };
}

/** Stacks sorted by name so colours stay put between refreshes; the largest kept when too many. */
function keptStacks(totals: ReadonlyMap<string, number>): string[] {
  const names = [...totals.keys()];
  if (names.length <= MAX_STACKS) return names.sort();
  const ranked = [...totals].sort((a, b) => b[1] - a[1]).map(([name]) => name);
  return [...ranked.slice(0, MAX_STACKS - 1).sort(), OTHER_STACK];
}

function stackedBar(
  label: string,
  sums: ReadonlyMap<string, number>,
  stacks: readonly string[],
): Bar {
  const parts = stacks.map(() => 0);
  const otherIndex = stacks.length - 1;
  for (const [stack, sum] of sums) {
    const index = stacks.indexOf(stack);
    const at = index >= 0 ? index : otherIndex;
    parts[at] = (parts[at] ?? 0) + sum;
  }
  return { label, parts, total: parts.reduce((a, b) => a + b, 0) };
}

export function allRows(table: ResultTable): number[] {
  return Array.from({ length: table.rowCount }, (_, row) => row);
}

export function findColumn(table: ResultTable, name: string | undefined): ResultColumn | undefined {
  return name === undefined ? undefined : table.columns.find((c) => c.name === name);
}

export function isNumeric(
  column: ResultColumn,
): column is Extract<ResultColumn, { values: Float64Array | Uint8Array }> {
  return column.type === 'INT64' || column.type === 'FLOAT64' || column.type === 'BOOLEAN';
}

function labelOf(column: ResultColumn, row: number): string {
  const text = formatValue(cellValue(column, row), column);
  return text === '' ? '(none)' : text;
}
