import type { ResultColumn, ResultTable } from '../pxl/exec/result.js';
import { cellValue } from '../pxl/exec/result.js';
import { formatUpid, formatValue } from './value-format.js';

/** Cells longer than this are cut with "…" in table output; json keeps everything. */
const MAX_CELL_CHARS = 80;

function displayCell(column: ResultColumn, row: number): string {
  const text = formatValue(cellValue(column, row), column);
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** Go's RFC3339Nano: fraction without trailing zeros (Pixie's CLI json uses it for times). */
export function rfc3339Nano(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const fraction = ns - seconds * 1_000_000_000n;
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const digits = fraction.toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${digits === '' ? '' : `.${digits}`}Z`;
}

/**
 * `-o table`: "Table ID: name", then upper-cased headers and left-aligned, space-padded
 * columns, values formatted by semantic type, as Pixie's CLI prints.
 */
export function renderTable(table: ResultTable): string {
  const headers = table.columns.map((c) => c.name.toUpperCase());
  const cells = table.columns.map((c) =>
    Array.from({ length: table.rowCount }, (_, r) => {
      const text = displayCell(c, r);
      return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
    }),
  );
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...(cells[i] ?? []).map((t) => t.length)),
  );
  const line = (parts: readonly string[]): string =>
    parts
      .map((p, i) => p.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [`Table ID: ${table.name}`, line(headers)];
  for (let r = 0; r < table.rowCount; r++) lines.push(line(cells.map((col) => col[r] ?? '')));
  return lines.join('\n') + '\n';
}

function jsonCell(column: ResultColumn, row: number): unknown {
  const value = cellValue(column, row);
  if (typeof value !== 'bigint') return value;
  return column.type === 'UINT128' ? formatUpid(value) : rfc3339Nano(value);
}

/**
 * `-o json`: one object per row, `_tableName_` first, then the columns in order. Times are
 * RFC 3339 strings, upids UUIDs; strings stay strings (Pixie turns numeric-looking strings
 * into numbers; px does not, so a consumer never sees a column change type).
 */
export function renderJson(table: ResultTable): string {
  let out = '';
  for (let r = 0; r < table.rowCount; r++) {
    const row: Record<string, unknown> = { _tableName_: table.name };
    for (const c of table.columns) row[c.name] = jsonCell(c, r);
    out += JSON.stringify(row) + '\n';
  }
  return out;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `-o csv`: header `table_id,<columns>`; each row starts with the table name. */
export function renderCsv(table: ResultTable): string {
  const lines = [['table_id', ...table.columns.map((c) => c.name)].map(csvField).join(',')];
  for (let r = 0; r < table.rowCount; r++) {
    const values = table.columns.map((c) => formatValue(cellValue(c, r), c));
    lines.push([table.name, ...values].map(csvField).join(','));
  }
  return lines.join('\n') + '\n';
}

export type OutputFormat = 'table' | 'json' | 'csv';

export function renderResults(tables: readonly ResultTable[], format: OutputFormat): string {
  const render = format === 'json' ? renderJson : format === 'csv' ? renderCsv : renderTable;
  return tables.map(render).join(format === 'table' ? '\n' : '');
}
