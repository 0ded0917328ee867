import type { Field, Relation } from '../plan/types.js';
import type { Batch } from './batch.js';
import type { RowRefs } from './gather.js';
import { Grouping } from './grouping.js';

/** The rows matched for one probe batch: pairs (probe[i], build row i), and the misses. */
export interface Matches {
  readonly count: number;
  readonly probe: Int32Array;
  readonly build: RowRefs;
  readonly misses: Uint32Array;
  readonly missCount: number;
}

/**
 * The hash side of a join: rows grouped by key (a Grouping gives each distinct key a group),
 * chained per group in input order, with a flag per row once it matched (for outer joins).
 */
export class BuildSide {
  readonly grouping: Grouping;
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly batchOf: Int32Array;
  private readonly rowOf: Int32Array;
  private readonly matched: Uint8Array;

  constructor(
    readonly batches: readonly Batch[],
    readonly relation: Relation,
    keys: readonly number[],
  ) {
    const total = batches.reduce((n, b) => n + b.length, 0);
    this.grouping = new Grouping(keys.map((k) => (relation[k] as Field).type));
    this.next = new Int32Array(total).fill(-1);
    this.batchOf = new Int32Array(total);
    this.rowOf = new Int32Array(total);
    this.matched = new Uint8Array(total);
    const groupOf = new Int32Array(total);
    let at = 0;
    batches.forEach((batch, b) => {
      const groups = groupOf.subarray(at, at + batch.length);
      this.grouping.assign(
        keys.map((k) => batch.column(k)),
        batch.length,
        groups,
      );
      this.batchOf.fill(b, at, at + batch.length);
      for (let r = 0; r < batch.length; r++) this.rowOf[at + r] = r;
      at += batch.length;
    });
    this.head = new Int32Array(this.grouping.size).fill(-1);
    const tail = new Int32Array(this.grouping.size).fill(-1);
    for (let row = 0; row < total; row++) {
      const g = groupOf[row] as number;
      if (tail[g] === -1) this.head[g] = row;
      else this.next[tail[g] as number] = row;
      tail[g] = row;
    }
  }

  /** Pairs every probe row with each build row of its group (groups[i] = -1: no partner). */
  match(groups: Int32Array, rows: number): Matches {
    let count = 0;
    let missCount = 0;
    for (let i = 0; i < rows; i++) {
      const g = groups[i] as number;
      if (g < 0 || g >= this.head.length) missCount++;
      else for (let r = this.head[g] as number; r >= 0; r = this.next[r] as number) count++;
    }
    const probe = new Int32Array(count);
    const batchOf = new Int32Array(count);
    const rowOf = new Int32Array(count);
    const misses = new Uint32Array(missCount);
    let k = 0;
    let m = 0;
    for (let i = 0; i < rows; i++) {
      const g = groups[i] as number;
      if (g < 0 || g >= this.head.length) {
        misses[m++] = i;
        continue;
      }
      for (let r = this.head[g] as number; r >= 0; r = this.next[r] as number) {
        probe[k] = i;
        batchOf[k] = this.batchOf[r] as number;
        rowOf[k] = this.rowOf[r] as number;
        this.matched[r] = 1;
        k++;
      }
    }
    return { count, probe, build: { batchOf, rowOf }, misses, missCount };
  }

  /** Build rows that never matched, in input order. */
  unmatchedRefs(): RowRefs {
    const rows: number[] = [];
    this.matched.forEach((flag, r) => {
      if (flag === 0) rows.push(r);
    });
    return {
      batchOf: Int32Array.from(rows, (r) => this.batchOf[r] as number),
      rowOf: Int32Array.from(rows, (r) => this.rowOf[r] as number),
    };
  }
}
