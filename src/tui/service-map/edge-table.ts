import type { ResultTable } from '../../pxl/exec/result.js';
import type { MapRow, Style } from './canvas.js';
import { formatCompact } from '../../format/value-format.js';
import type { GraphModel } from './graph-model.js';
import { findColumn } from './graph-model.js';
import type { GraphSpec } from './graph-spec.js';
import { fit, textWidth } from './text-fit.js';

/** Smallest useful width of the FROM → TO column; numbers give way below it. */
const MIN_ROUTE_WIDTH = 12;

interface TableColumn {
  readonly header: string;
  readonly cells: readonly string[];
}

function valueColumns(model: GraphModel, table: ResultTable, spec: GraphSpec): TableColumn[] {
  const weight = findColumn(table, spec.weight);
  const error = findColumn(table, spec.errorRate);
  const p99 = findColumn(table, spec.p99);
  const columns: TableColumn[] = [];
  if (weight !== undefined) {
    columns.push({
      header: weight.semantic === 'ST_THROUGHPUT_PER_NS' ? 'REQ/S' : weight.name.toUpperCase(),
      cells: model.edges.map((e) => formatCompact(e.weight, weight)),
    });
  }
  if (error !== undefined) {
    const cells = model.edges.map((e) =>
      e.errorRate === undefined ? '' : formatCompact(e.errorRate, error),
    );
    columns.push({ header: 'ERRORS', cells });
  }
  if (p99 !== undefined) {
    const cells = model.edges.map((e) => (e.p99 === undefined ? '' : formatCompact(e.p99, p99)));
    columns.push({ header: 'P99', cells });
  }
  return columns;
}

/** First row shown, so the selected edge stays in view. */
function firstShown(selected: number | undefined, shown: number): number {
  return selected === undefined ? 0 : Math.max(0, selected - shown + 1);
}

/**
 * The fallback for graphs too big to draw: one row per edge, heaviest first, as many as fit in
 * `height` (header included), numbers right-aligned, rows coloured like the map's edges.
 */
export function edgeTableRows(
  model: GraphModel,
  table: ResultTable,
  spec: GraphSpec,
  size: { readonly width: number; readonly height: number },
  styleOf: (edge: number) => Style,
  selected?: number,
): MapRow[] {
  if (size.width <= 0 || size.height <= 0) return [];
  const all = valueColumns(model, table, spec);
  const widths = all.map((c) => Math.max(textWidth(c.header), ...c.cells.map(textWidth)));
  // Drop numeric columns from the right until the route column keeps a useful width.
  let kept = all.length;
  const numbersWidth = (n: number): number => widths.slice(0, n).reduce((a, w) => a + w + 2, 0);
  while (kept > 0 && size.width - numbersWidth(kept) < MIN_ROUTE_WIDTH) kept--;
  const routeWidth = Math.max(1, size.width - numbersWidth(kept));
  const line = (route: string, cells: readonly string[]): string =>
    fit(route, routeWidth).padEnd(routeWidth) +
    cells
      .slice(0, kept)
      .map((cell, i) => `  ${cell.padStart(widths[i] ?? 0)}`)
      .join('');
  const header = line(
    'FROM → TO',
    all.map((c) => c.header),
  );
  const shown = Math.min(model.edges.length, size.height - 1);
  const start = firstShown(selected, shown);
  const rows: MapRow[] = [[{ text: fit(header.trimEnd(), size.width), bold: true }]];
  for (let i = start; i < start + shown; i++) {
    const edge = model.edges[i];
    if (edge === undefined) break;
    const text = line(
      `${edge.from} → ${edge.to}`,
      all.map((c) => c.cells[i] ?? ''),
    );
    const style = i === selected ? { ...styleOf(i), inverse: true } : styleOf(i);
    rows.push([{ ...style, text: fit(text.trimEnd(), size.width) }]);
  }
  return rows;
}
