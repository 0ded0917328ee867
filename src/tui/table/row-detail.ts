import { cellValue, type ResultTable } from '../../pxl/exec/result.js';
import { formatValue } from '../../format/value-format.js';

/** JSON text (headers, bodies, DNS answers) pretty-printed; anything else as it is. */
function pretty(text: string): string {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

/** Hard-wraps one line at `width` cells. */
function wrap(line: string, width: number): string[] {
  if (line.length <= width || width < 1) return [line];
  const parts: string[] = [];
  for (let at = 0; at < line.length; at += width) parts.push(line.slice(at, at + width));
  return parts;
}

/**
 * Every column of one row, for the detail pane: "name" on its own line, then the full value
 * (never cut), JSON pretty-printed and long lines wrapped to `width`.
 */
export function rowDetailLines(table: ResultTable, row: number, width: number): string[] {
  const lines: string[] = [];
  for (const column of table.columns) {
    const text = pretty(formatValue(cellValue(column, row), column));
    // Values are indented under their name, continuation lines included.
    const valueLines = text
      .split(/\r?\n/)
      .flatMap((line) => wrap(line, Math.max(1, width - 2)).map((part) => `  ${part}`));
    lines.push(...wrap(column.name, width), ...valueLines);
  }
  return lines;
}
