import type { Lane } from '../../store/index.js';
import type { Batch } from './batch.js';
import type { RowRefs } from './gather.js';
import { MAX_TIME_OFFSET, type Vector } from './vector.js';

/**
 * Sorts rows held in batches by key columns and returns their order. Every key becomes one
 * float64 per row that compares like the values: numbers as they are, times as exact offsets
 * from a common base, strings, upids and far-apart times as ranks among their distinct values.
 */
export function sortRows(
  batches: readonly Batch[],
  keyIndices: readonly number[],
  ascending: readonly boolean[],
): RowRefs {
  const total = batches.reduce((n, b) => n + b.length, 0);
  const batchOf = new Int32Array(total);
  const rowOf = new Int32Array(total);
  let at = 0;
  batches.forEach((b, index) => {
    batchOf.fill(index, at, at + b.length);
    for (let r = 0; r < b.length; r++) rowOf[at + r] = r;
    at += b.length;
  });
  const keys = keyIndices.map((c) =>
    sortKey(
      batches.map((b) => b.column(c)),
      batches,
      total,
    ),
  );
  const order = new Int32Array(total);
  for (let i = 0; i < total; i++) order[i] = i;
  order.sort((x, y) => compareRows(keys, ascending, x, y));
  return {
    batchOf: order.map((i) => batchOf[i] as number),
    rowOf: order.map((i) => rowOf[i] as number),
  };
}

function compareRows(
  keys: readonly Float64Array[],
  ascending: readonly boolean[],
  x: number,
  y: number,
): number {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as Float64Array;
    const a = key[x] as number;
    const b = key[y] as number;
    if (a === b) continue;
    if (a !== a) return b !== b ? 0 : 1; // NaN last, either direction
    if (b !== b) return -1;
    return a < b === (ascending[k] ?? true) ? -1 : 1;
  }
  return x - y; // stable
}

function sortKey(
  columns: readonly Vector[],
  batches: readonly Batch[],
  total: number,
): Float64Array {
  const out = new Float64Array(total);
  const first = columns[0];
  if (first?.kind === 'number') {
    fill(out, batches, (b, r) => laneValue((columns[b] as { lane: Lane }).lane, r));
  } else if (first?.kind === 'time' && timesFit(columns)) {
    const base = first.baseNs;
    const deltas = columns.map((c) => Number((c as { baseNs: bigint }).baseNs - base));
    fill(
      out,
      batches,
      (b, r) => (deltas[b] as number) + laneValue((columns[b] as { lane: Lane }).lane, r),
    );
  } else if (first !== undefined) {
    return rankKey(columns, batches, total);
  }
  return out;
}

/** Whether every batch's base lies within 2^52 of the first, so offsets + deltas stay exact. */
function timesFit(columns: readonly Vector[]): boolean {
  const base = (columns[0] as { baseNs: bigint }).baseNs;
  const limit = BigInt(MAX_TIME_OFFSET);
  return columns.every((c) => {
    const delta = (c as { baseNs: bigint }).baseNs - base;
    return delta <= limit && delta >= -limit;
  });
}

function rankKey(
  columns: readonly Vector[],
  batches: readonly Batch[],
  total: number,
): Float64Array {
  const values: (string | bigint)[] = new Array<string | bigint>(total);
  fillValues(values, columns, batches);
  const distinct = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Map(distinct.map((v, i) => [v, i]));
  return Float64Array.from(values, (v) => rank.get(v) as number);
}

function fillValues(
  out: (string | bigint)[],
  columns: readonly Vector[],
  batches: readonly Batch[],
): void {
  let at = 0;
  batches.forEach((batch, b) => {
    const v = columns[b] as Vector;
    for (let r = 0; r < batch.length; r++) {
      out[at++] =
        v.kind === 'time'
          ? v.baseNs + BigInt(laneValue(v.lane, r))
          : ((v as { dict: readonly (string | bigint)[] }).dict[
              laneValue((v as { codes: Lane }).codes, r)
            ] as string | bigint);
    }
  });
}

function fill(
  out: Float64Array,
  batches: readonly Batch[],
  at: (b: number, r: number) => number,
): void {
  let i = 0;
  batches.forEach((batch, b) => {
    for (let r = 0; r < batch.length; r++) out[i++] = at(b, r);
  });
}

function laneValue(lane: Lane, row: number): number {
  return typeof lane === 'number' ? lane : (lane[row] as number);
}
