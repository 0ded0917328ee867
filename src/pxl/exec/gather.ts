import type { Lane } from '../../store/index.js';
import type { Relation } from '../plan/types.js';
import { Batch } from './batch.js';
import { MAX_TIME_OFFSET, type TimeVector, type Vector } from './vector.js';

/** Rows picked from a list of batches: row i is batches[batchOf[i]] at rowOf[i]. */
export interface RowRefs {
  readonly batchOf: Int32Array;
  readonly rowOf: Int32Array;
}

/**
 * Gathers rows [start, end) of `refs` into new batches (sort, union and join outputs). A
 * batch's times share one base, so a batch ends early where a time lies more than 2^52 ns
 * from the batch's first; the rest follows in the next batch.
 */
export function* gatherBatches(
  batches: readonly Batch[],
  relation: Relation,
  refs: RowRefs,
  start: number,
  end: number,
  maxRows: number,
): Generator<Batch> {
  let from = start;
  while (from < end) {
    let to = Math.min(end, from + maxRows);
    relation.forEach((field, c) => {
      if (field.type === 'TIME64NS') to = from + fittingRows(batches, c, refs, from, to);
    });
    yield new Batch(
      to - from,
      relation.map((_, c) => gatherColumn(batches, c, refs, from, to)),
    );
    from = to;
  }
}

function timeColumns(batches: readonly Batch[], c: number): TimeVector[] {
  return batches.map((b) => b.column(c) as TimeVector);
}

/** Per batch, its base minus `base` as a number (Infinity when too far to matter). */
function baseDeltas(columns: readonly TimeVector[], base: bigint): Float64Array {
  const limit = BigInt(2 * MAX_TIME_OFFSET);
  return Float64Array.from(columns, (t) => {
    const delta = t.baseNs - base;
    return delta > limit || delta < -limit ? Infinity : Number(delta);
  });
}

function fittingRows(
  batches: readonly Batch[],
  c: number,
  refs: RowRefs,
  from: number,
  to: number,
): number {
  const columns = timeColumns(batches, c);
  const base = (columns[refs.batchOf[from] as number] as TimeVector).baseNs;
  const deltas = baseDeltas(columns, base);
  for (let i = from; i < to; i++) {
    const b = refs.batchOf[i] as number;
    const offset =
      (deltas[b] as number) + laneValue((columns[b] as TimeVector).lane, refs.rowOf[i] as number);
    if (!(Math.abs(offset) <= MAX_TIME_OFFSET)) return Math.max(1, i - from);
  }
  return to - from;
}

function laneValue(lane: Lane, row: number): number {
  return typeof lane === 'number' ? lane : (lane[row] as number);
}

function gatherColumn(
  batches: readonly Batch[],
  c: number,
  refs: RowRefs,
  from: number,
  to: number,
): Vector {
  const first = batches[refs.batchOf[from] as number]?.column(c);
  if (first === undefined) throw new RangeError('gather: no rows');
  const n = to - from;
  switch (first.kind) {
    case 'number': {
      const lanes = batches.map((b) => (b.column(c) as typeof first).lane);
      const out = first.type === 'BOOLEAN' ? new Uint8Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = laneValue(
          lanes[refs.batchOf[from + i] as number] as Lane,
          refs.rowOf[from + i] as number,
        );
      }
      return { kind: 'number', type: first.type, lane: out };
    }
    case 'time': {
      const columns = timeColumns(batches, c);
      const deltas = baseDeltas(columns, first.baseNs);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const b = refs.batchOf[from + i] as number;
        out[i] =
          (deltas[b] as number) +
          laneValue((columns[b] as TimeVector).lane, refs.rowOf[from + i] as number);
      }
      return { kind: 'time', baseNs: first.baseNs, lane: out };
    }
    case 'string':
    case 'uint128':
      return gatherDict(batches, c, refs, from, to, first.kind);
  }
}

/** Codes into a new dictionary holding the entries the rows use, each once per source batch. */
function gatherDict(
  batches: readonly Batch[],
  c: number,
  refs: RowRefs,
  from: number,
  to: number,
  kind: 'string' | 'uint128',
): Vector {
  const memos = new Map<number, Int32Array>();
  const dict: (string | bigint)[] = [];
  const codes = new Uint32Array(to - from);
  for (let i = from; i < to; i++) {
    const b = refs.batchOf[i] as number;
    const source = batches[b]?.column(c) as { codes: Lane; dict: readonly (string | bigint)[] };
    let memo = memos.get(b);
    if (memo === undefined) {
      memo = new Int32Array(source.dict.length).fill(-1);
      memos.set(b, memo);
    }
    const code = laneValue(source.codes, refs.rowOf[i] as number);
    let mapped = memo[code] as number;
    if (mapped < 0) {
      mapped = dict.push(source.dict[code] as string | bigint) - 1;
      memo[code] = mapped;
    }
    codes[i - from] = mapped;
  }
  return { kind, codes, dict } as Vector;
}
