import type { MapRow, Style } from './canvas.js';
import { fit, textWidth } from './text-fit.js';

export interface LegendEntry {
  readonly text: string;
  readonly style: Style;
}

const GUTTER = 2;

/** Width of each column when entries fill `columns` columns left to right, then down. */
function columnWidths(widths: readonly number[], columns: number): number[] {
  const result = new Array<number>(columns).fill(0);
  widths.forEach((w, i) => {
    result[i % columns] = Math.max(result[i % columns] ?? 0, w);
  });
  return result;
}

/**
 * Lays entries out in as many columns as the width allows (each as wide as its widest entry),
 * left to right then down; with one column, entries wider than the width are cut.
 */
export function packLegend(entries: readonly LegendEntry[], width: number): MapRow[] {
  if (entries.length === 0 || width <= 0) return [];
  const widths = entries.map((e) => textWidth(e.text));
  let columns = entries.length;
  let sizes = columnWidths(widths, columns);
  while (columns > 1 && sizes.reduce((a, b) => a + b + GUTTER, -GUTTER) > width) {
    columns--;
    sizes = columnWidths(widths, columns);
  }
  if (columns === 1) sizes = [Math.min(sizes[0] ?? 0, width)];
  const rows: MapRow[] = [];
  for (let start = 0; start < entries.length; start += columns) {
    const line = entries.slice(start, start + columns);
    rows.push(
      line.flatMap((entry, i) => {
        const text = fit(entry.text, sizes[i] ?? width);
        const last = i === line.length - 1;
        const pad = ' '.repeat((sizes[i] ?? 0) - textWidth(text) + GUTTER);
        return last ? [{ ...entry.style, text }] : [{ ...entry.style, text }, { text: pad }];
      }),
    );
  }
  return rows;
}
