import type { DataType } from '../plan/types.js';
import { keyColumn, type KeyColumn } from './key-columns.js';
import { TupleTable } from './tuple-table.js';
import type { Vector } from './vector.js';

/**
 * Assigns rows to dense group ids by the values of their key columns: no keys is one group,
 * one key uses that column's ids directly, several keys go through a TupleTable. Used by
 * group-by (inserting new groups) and by joins (probing without inserting).
 */
export class Grouping {
  private readonly keys: KeyColumn[];
  private readonly table: TupleTable | undefined;
  private scratch: Int32Array[] = [];

  constructor(types: readonly DataType[]) {
    this.keys = types.map(keyColumn);
    this.table = types.length > 1 ? new TupleTable(types.length) : undefined;
  }

  get size(): number {
    if (this.keys.length === 0) return 1;
    return this.table?.size ?? (this.keys[0] as KeyColumn).size;
  }

  /** Writes each row's group to out[0..rows); with insert false, unseen keys give -1. */
  assign(columns: readonly Vector[], rows: number, out: Int32Array, insert = true): void {
    const keys = this.keys;
    if (keys.length === 0) {
      out.fill(0, 0, rows);
      return;
    }
    if (this.table === undefined) {
      (keys[0] as KeyColumn).encode(columns[0] as Vector, rows, out, insert);
      return;
    }
    if ((this.scratch[0]?.length ?? 0) < rows) this.scratch = keys.map(() => new Int32Array(rows));
    keys.forEach((key, k) => {
      key.encode(columns[k] as Vector, rows, this.scratch[k] as Int32Array, insert);
    });
    this.table.assign(this.scratch, rows, out, insert);
  }

  /** Each key column's value per group, for groups [0, size). */
  keyVectors(): Vector[] {
    const size = this.size;
    return this.keys.map((key, k) => {
      const ids = this.table === undefined ? identity(size) : this.table.column(k);
      return key.values(ids, size);
    });
  }
}

function identity(n: number): Int32Array {
  const ids = new Int32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}
