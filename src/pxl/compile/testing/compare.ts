import { expect } from 'vitest';
import { cellValue, type ResultTable } from '../../exec/index.js';
import type { ScalarValue } from '../../plan/types.js';

export type Obj = Record<string, ScalarValue>;

export function rowsOf(table: ResultTable): Obj[] {
  return Array.from({ length: table.rowCount }, (_, r) =>
    Object.fromEntries(table.columns.map((c) => [c.name, cellValue(c, r)])),
  );
}

/** The named output's rows, its column names checked. */
export function output(
  tables: readonly ResultTable[],
  name: string,
  columns: readonly string[],
): Obj[] {
  const table = tables.find((t) => t.name === name);
  expect(table, `output '${name}' among ${tables.map((t) => t.name).join(', ')}`).toBeDefined();
  expect(table?.relation.map((f) => f.name)).toEqual(columns);
  return rowsOf(table as ResultTable);
}

function sortByKey(rows: readonly Obj[], keys: readonly string[]): Obj[] {
  const text = (r: Obj) => keys.map((k) => String(r[k])).join('\u0000');
  return [...rows].sort((a, b) => (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/**
 * Same rows (in order, or in the order of `keys` when the engine's group order is free);
 * fractional numbers within a relative 1e-9, since sums may associate differently.
 */
export function expectRows(
  actual: readonly Obj[],
  expected: readonly Obj[],
  keys?: readonly string[],
): void {
  const [a, e] =
    keys === undefined ? [actual, expected] : [sortByKey(actual, keys), sortByKey(expected, keys)];
  expect(a.length).toBe(e.length);
  a.forEach((row, i) => {
    const want = e[i] as Obj;
    expect(Object.keys(row)).toEqual(Object.keys(want));
    for (const [name, value] of Object.entries(want)) {
      const got = row[name];
      if (typeof value === 'number' && typeof got === 'number' && !Number.isInteger(value)) {
        const tolerance = 1e-9 * Math.max(1, Math.abs(value));
        expect(Math.abs(got - value), `row ${i}, ${name}`).toBeLessThanOrEqual(tolerance);
      } else expect(got, `row ${i}, ${name}`).toEqual(value);
    }
  });
}
