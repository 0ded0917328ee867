import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ResultColumn } from '../../pxl/exec/result.js';
import {
  numberColumn,
  resultTable,
  stringColumn,
  T0_NS,
  timeColumn,
} from '../charts/testing/chart-table.js';
import {
  fit,
  isNumeric,
  layoutColumns,
  tableText,
  visibleRows,
  type TableText,
} from './table-model.js';

function intColumn(name: string, values: readonly number[]): ResultColumn {
  return { name, type: 'INT64', semantic: 'ST_NONE', values: Float64Array.from(values) };
}

const services = resultTable([
  stringColumn('service', ['cart', 'Checkout', 'frontend', 'cart-db']),
  intColumn('requests', [9, 100, 20, 9]),
  stringColumn('path', ['/api/cart', '/pay', '/', '/query']),
]);

function rowsOf(filter: string, sort: { column: number; descending: boolean } | null): number[] {
  return visibleRows(services, tableText(services), filter, sort);
}

describe('tableText', () => {
  it('formats every cell by its column and flattens line breaks', () => {
    const table = resultTable([stringColumn('body', ['a\r\nb\tc']), numberColumn('x', [0.5])]);
    expect(tableText(table)).toEqual({ headers: ['body', 'x'], cells: [['a b c'], ['0.5']] });
  });
});

describe('visibleRows', () => {
  it('keeps every row in order without filter or sort', () => {
    expect(rowsOf('', null)).toEqual([0, 1, 2, 3]);
  });

  it('filters on any column, case-insensitively, ignoring surrounding blanks', () => {
    expect(rowsOf('CART', null)).toEqual([0, 3]);
    expect(rowsOf('checkout', null)).toEqual([1]);
    expect(rowsOf('/query', null)).toEqual([3]);
    expect(rowsOf('  100 ', null)).toEqual([1]);
    expect(rowsOf('nothing like this', null)).toEqual([]);
  });

  it('sorts numbers as numbers, not as text', () => {
    // As text "100" < "20" < "9"; as numbers 9 < 20 < 100.
    expect(rowsOf('', { column: 1, descending: false })).toEqual([0, 3, 2, 1]);
    expect(rowsOf('', { column: 1, descending: true })).toEqual([1, 2, 0, 3]);
  });

  it('keeps equal values in row order, ascending and descending', () => {
    const asc = rowsOf('', { column: 1, descending: false });
    const desc = rowsOf('', { column: 1, descending: true });
    expect(asc.indexOf(0)).toBeLessThan(asc.indexOf(3));
    expect(desc.indexOf(0)).toBeLessThan(desc.indexOf(3));
  });

  it('sorts strings and combines the sort with the filter', () => {
    expect(rowsOf('', { column: 0, descending: false })).toEqual([0, 3, 1, 2]);
    expect(rowsOf('cart', { column: 0, descending: true })).toEqual([3, 0]);
  });

  it('sorts times by their exact nanoseconds', () => {
    // Times 1 ns apart: as numbers (float64) they would be equal.
    const values = BigInt64Array.from([T0_NS + 2n, T0_NS, T0_NS + 1n]);
    const table = resultTable([{ name: 'time_', type: 'TIME64NS', semantic: 'ST_NONE', values }]);
    expect(visibleRows(table, tableText(table), '', { column: 0, descending: false })).toEqual([
      1, 2, 0,
    ]);
    expect(visibleRows(table, tableText(table), '', { column: 0, descending: true })).toEqual([
      0, 2, 1,
    ]);
  });

  it('ignores a sort on a column that does not exist', () => {
    expect(rowsOf('', { column: 7, descending: true })).toEqual([0, 1, 2, 3]);
  });
});

describe('isNumeric', () => {
  it('is true for number columns only', () => {
    expect(isNumeric(intColumn('n', [1]))).toBe(true);
    expect(isNumeric(numberColumn('f', [1]))).toBe(true);
    expect(isNumeric(stringColumn('s', ['1']))).toBe(false);
    expect(isNumeric(timeColumn([1]))).toBe(false);
  });
});

/** A column's natural width as the layout defines it: header plus sort arrow, or widest cell, at most 48. */
function naturalWidth(text: TableText, column: number, rows: readonly number[]): number {
  const cells = text.cells[column] ?? [];
  const widest = Math.max(
    (text.headers[column] ?? '').length + 2,
    ...rows.map((r) => (cells[r] ?? '').length),
  );
  return Math.min(widest, 48);
}

const layoutInput = fc
  .array(
    fc.record({
      header: fc.string({ minLength: 1, maxLength: 30 }),
      cells: fc.array(fc.nat({ max: 120 }), { minLength: 3, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((columns): TableText => ({
    headers: columns.map((c) => c.header),
    cells: columns.map((c) => c.cells.map((n) => 'x'.repeat(n))),
  }));

describe('layoutColumns', () => {
  const rows = [0, 1, 2];

  it('gives every column its natural width when the table fits', () => {
    const text: TableText = { headers: ['a', 'bb'], cells: [['12345'], ['1']] };
    expect(layoutColumns(text, [0], 0, 80)).toEqual({ first: 0, widths: [5, 4] });
  });

  it('shrinks the widest column first', () => {
    const text: TableText = { headers: ['a', 'b'], cells: [['x'.repeat(40)], ['y'.repeat(25)]] };
    const { widths } = layoutColumns(text, [0], 0, 52);
    expect(widths).toEqual([25, 25]);
  });

  it('caps a column at 48 cells even with room to spare', () => {
    const text: TableText = { headers: ['body'], cells: [['x'.repeat(500)]] };
    expect(layoutColumns(text, [0], 0, 200).widths).toEqual([48]);
  });

  it('leaves columns for horizontal scrolling rather than cutting them below 20', () => {
    const text: TableText = {
      headers: ['a', 'b', 'c', 'd'],
      cells: [['x'.repeat(30)], ['x'.repeat(30)], ['x'.repeat(30)], ['x'.repeat(30)]],
    };
    const { widths } = layoutColumns(text, [0], 0, 70);
    // Four need 4 × 20 + 3 × 2 = 86 cells; three fit, levelled evenly into 70.
    expect(widths).toEqual([22, 22, 22]);
  });

  it('starts at the `first` column', () => {
    const text: TableText = { headers: ['aaaa', 'b', 'c'], cells: [['1'], ['22222222'], ['3']] };
    expect(layoutColumns(text, [0], 1, 80)).toEqual({ first: 1, widths: [8, 3] });
    expect(layoutColumns(text, [0], 3, 80)).toEqual({ first: 3, widths: [] });
  });

  it('cuts a single column down to the width', () => {
    const text: TableText = { headers: ['body'], cells: [['x'.repeat(40)]] };
    expect(layoutColumns(text, [0], 0, 12).widths).toEqual([12]);
  });

  it('always fits the width, keeps shown columns readable and shows as many as fit', () => {
    fc.assert(
      fc.property(
        layoutInput,
        fc.nat({ max: 11 }),
        fc.integer({ min: 1, max: 250 }),
        (text, f, width) => {
          const first = f % text.headers.length;
          const { first: shownFirst, widths } = layoutColumns(text, rows, first, width);
          expect(shownFirst).toBe(first);
          expect(widths.length).toBeGreaterThanOrEqual(1);
          expect(widths.reduce((s, w) => s + w, 0) + 2 * (widths.length - 1)).toBeLessThanOrEqual(
            width,
          );
          const natural = widths.map((_, i) => naturalWidth(text, first + i, rows));
          widths.forEach((w, i) => {
            expect(w).toBeLessThanOrEqual(natural[i] ?? 0);
            if (widths.length > 1) expect(w).toBeGreaterThanOrEqual(Math.min(natural[i] ?? 0, 20));
          });
          // A column is left out only when even its smallest width would not fit.
          const next = first + widths.length;
          if (next < text.headers.length) {
            const minimum = natural.reduce((s, n) => s + Math.min(n, 20), 0) + 2 * widths.length;
            expect(minimum + Math.min(naturalWidth(text, next, rows), 20)).toBeGreaterThan(width);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('fit', () => {
  it('pads short text to the width', () => {
    expect(fit('ab', 5)).toBe('ab   ');
    expect(fit('abcde', 5)).toBe('abcde');
  });

  it('cuts long text with an ellipsis, keeping the width', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('abcdef', 4)).toHaveLength(4);
  });

  it('cuts without an ellipsis when there is no room for one', () => {
    expect(fit('abc', 1)).toBe('a');
    expect(fit('abc', 0)).toBe('');
  });
});
