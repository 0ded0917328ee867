import { cellValue, type ResultColumn, type ResultTable } from '../../pxl/exec/result.js';
import { formatCompact } from '../../format/value-format.js';

/**
 * Display text of every cell, column-major, computed once per result. Numbers are rounded to
 * three significant digits (the detail pane shows them in full).
 */
export interface TableText {
  readonly headers: readonly string[];
  readonly cells: readonly (readonly string[])[];
}

export function tableText(table: ResultTable): TableText {
  return {
    headers: table.columns.map((c) => c.name),
    cells: table.columns.map((column) =>
      Array.from({ length: table.rowCount }, (_, row) =>
        formatCompact(cellValue(column, row), column).replace(/[\r\n\t]+/g, ' '),
      ),
    ),
  };
}

export interface SortKey {
  readonly column: number;
  readonly descending: boolean;
}

function compareCells(column: ResultColumn, a: number, b: number): number {
  const x = column.values[a];
  const y = column.values[b];
  if (typeof x === 'string' && typeof y === 'string') return x.localeCompare(y);
  if (x === undefined || y === undefined) return 0;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Row order after the filter and the sort: rows whose text contains the filter (any column,
 * case-insensitive), sorted by raw value (numbers as numbers, not as text) and stable.
 */
export function visibleRows(
  table: ResultTable,
  text: TableText,
  filter: string,
  sort: SortKey | null,
): number[] {
  const needle = filter.trim().toLowerCase();
  let rows = Array.from({ length: table.rowCount }, (_, r) => r);
  if (needle !== '') {
    rows = rows.filter((r) => text.cells.some((col) => col[r]?.toLowerCase().includes(needle)));
  }
  const column = sort === null ? undefined : table.columns[sort.column];
  if (sort !== null && column !== undefined) {
    const sign = sort.descending ? -1 : 1;
    rows.sort((a, b) => sign * compareCells(column, a, b) || a - b);
  }
  return rows;
}

/** The widest a column gets before the rest of the table runs out of room. */
const MAX_NATURAL = 48;
/** Below this a cut column stops being readable: scroll to it instead (wider than 2024-01-02 15:04:05). */
const MIN_WIDTH = 20;
const GAP = 2;

export interface ColumnLayout {
  /** Index of the first column shown (horizontal scroll). */
  readonly first: number;
  /** Widths of the columns shown, from `first` on. */
  readonly widths: readonly number[];
}

/**
 * Widths that fit `width` cells: each column's natural width (header or its longest sampled
 * cell, at most MAX_NATURAL), then the widest shrink until the row fits; columns that would
 * go below MIN_WIDTH are left for horizontal scrolling instead.
 */
export function layoutColumns(
  text: TableText,
  rows: readonly number[],
  first: number,
  width: number,
): ColumnLayout {
  const natural = text.headers.slice(first).map((header, i) => {
    const cells = text.cells[first + i] ?? [];
    let widest = header.length + 2; // room for the sort arrow
    for (let k = 0; k < rows.length && k < 500; k++) {
      widest = Math.max(widest, (cells[rows[k] ?? 0] ?? '').length);
    }
    return Math.min(widest, MAX_NATURAL);
  });
  // Take columns while their smallest widths still fit, then shrink the widest until all fit.
  const widths: number[] = [];
  let minimum = 0;
  for (const w of natural) {
    const needed = Math.min(w, MIN_WIDTH) + (widths.length === 0 ? 0 : GAP);
    if (widths.length > 0 && minimum + needed > width) break;
    widths.push(w);
    minimum += needed;
  }
  const total = (): number => widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1);
  while (total() > width) {
    const widest = widths.indexOf(Math.max(...widths));
    const current = widths[widest] ?? 0;
    if (current <= MIN_WIDTH) break;
    // Level the widest down to the next widest first, so no single column takes the cut.
    const next = Math.max(MIN_WIDTH, ...widths.filter((_, i) => i !== widest));
    const target = Math.max(next, current - (total() - width));
    widths[widest] = target < current ? target : current - 1;
  }
  if (widths.length === 1) widths[0] = Math.min(widths[0] ?? 0, Math.max(1, width));
  return { first, widths };
}

/** Cuts text to `width` cells with "…", or pads it. */
export function fit(text: string, width: number): string {
  if (text.length <= width) return text.padEnd(width);
  return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}

/** Numbers read best right-aligned. */
export function isNumeric(column: ResultColumn): boolean {
  return column.type === 'INT64' || column.type === 'FLOAT64';
}
