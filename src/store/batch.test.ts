import { describe, expect, it } from 'vitest';
import { BatchBuilder, validateBatch, type CellValue, type RowBatch } from './batch.js';
import { column, type TableSchema } from './schema/types.js';

const schema: TableSchema = {
  name: 'sample',
  description: 'Every column type once.',
  columns: [
    column('time_', 'TIME64NS', 't'),
    column('id', 'UINT128', 'u'),
    column('name', 'STRING', 's'),
    column('count', 'INT64', 'i'),
    column('ratio', 'FLOAT64', 'f'),
    column('ok', 'BOOLEAN', 'b'),
  ],
};

function values(batch: RowBatch, name: string): unknown[] {
  return Array.from((batch.columns[name] ?? []) as ArrayLike<unknown>);
}

function cellsOf(i: number): CellValue[] {
  return [BigInt(i) * 10n, BigInt(i), `row ${i}`, i, i / 4, i % 2 === 0];
}

describe('BatchBuilder', () => {
  it('hands over every row, in order, with defaults for absent cells', () => {
    const rows = new BatchBuilder(schema);
    rows.pushCells([5n, undefined, 'a', 7, undefined, true]);
    rows.push({ time_: 6n, name: 'b', ratio: 0.5 });
    const batch = rows.take();
    validateBatch(schema, batch);
    expect(batch.length).toBe(2);
    expect(values(batch, 'time_')).toEqual([5n, 6n]);
    expect(values(batch, 'id')).toEqual([0n, 0n]);
    expect(values(batch, 'name')).toEqual(['a', 'b']);
    expect(values(batch, 'count')).toEqual([7, 0]);
    expect(values(batch, 'ratio')).toEqual([0, 0.5]);
    expect(values(batch, 'ok')).toEqual([true, false]);
  });

  it('keeps every row of batches larger than the room made for them', () => {
    const rows = new BatchBuilder(schema);
    for (const size of [3, 70, 20_000, 10, 9_000]) {
      for (let i = 0; i < size; i++) rows.pushCells(cellsOf(i));
      const batch = rows.take();
      validateBatch(schema, batch);
      expect(batch.length).toBe(size);
      for (const [c, spec] of schema.columns.entries()) {
        const column = values(batch, spec.name);
        expect(column).toHaveLength(size);
        expect([column[0], column[size - 1]]).toEqual([cellsOf(0)[c], cellsOf(size - 1)[c]]);
      }
      expect(values(batch, 'count').every((v, i) => v === i)).toBe(true);
    }
  });

  it('starts empty after a take, and leaves the batch taken untouched', () => {
    const rows = new BatchBuilder(schema);
    rows.pushCells(cellsOf(1));
    const first = rows.take();
    expect(rows.length).toBe(0);
    rows.pushCells(cellsOf(2));
    expect(values(first, 'name')).toEqual(['row 1']);
    expect(values(first, 'count')).toEqual([1]);
    expect(values(rows.take(), 'count')).toEqual([2]);
  });

  it('takes rows written cell by cell, in any column order, with defaults for undefined', () => {
    const rows = new BatchBuilder(schema);
    for (const i of [1, 2]) {
      const row = rows.startRow();
      [5, 3, 1, 0, 4, 2].forEach((c) => rows.setCell(c, row, c === 1 ? undefined : cellsOf(i)[c]));
    }
    const batch = rows.take();
    validateBatch(schema, batch);
    expect(values(batch, 'time_')).toEqual([10n, 20n]);
    expect(values(batch, 'id')).toEqual([0n, 0n]);
    expect(values(batch, 'count')).toEqual([1, 2]);
    expect(values(batch, 'ok')).toEqual([false, true]);
  });

  it('holds a time beyond the 64-bit range at the nearest end of it', () => {
    const rows = new BatchBuilder(schema);
    for (const time of [2n ** 64n, -(2n ** 70n), 2n ** 63n - 1n]) rows.push({ time_: time });
    expect(values(rows.take(), 'time_')).toEqual([2n ** 63n - 1n, -(2n ** 63n), 2n ** 63n - 1n]);
  });
});
