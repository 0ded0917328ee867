import type { Lane } from '../../store/index.js';
import { timeOffset, timeSpanError } from '../functions/build.js';
import type { ComparisonOp } from '../plan/expr.js';
import { comparator } from './kernels.js';
import { MAX_TIME_OFFSET, times, type TimeVector } from './vector.js';

/**
 * Exact arithmetic on TIME64NS vectors (`baseNs + offset`). Offsets stay within
 * MAX_TIME_OFFSET (2^52), so the difference of two offsets is an exact float64 and only the
 * difference of the two bases needs a bigint, once per batch.
 */

/** a op b, row by row, exactly: a - b = (baseA - baseB) + (offA - offB). */
export function compareTimes(op: ComparisonOp, a: TimeVector, b: TimeVector, rows: number): Lane {
  const cmp = comparator(op);
  const delta = a.baseNs - b.baseNs;
  // |offA - offB| <= 2^53, so a larger base difference decides every row alone.
  if (delta > BigInt(2 * MAX_TIME_OFFSET)) return cmp(1, 0);
  if (delta < -BigInt(2 * MAX_TIME_OFFSET)) return cmp(0, 1);
  const minusDelta = -Number(delta);
  const la = a.lane;
  const lb = b.lane;
  if (typeof la === 'number' && typeof lb === 'number') return cmp(la - lb, minusDelta);
  const out = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const diff =
      (typeof la === 'number' ? la : (la[i] as number)) -
      (typeof lb === 'number' ? lb : (lb[i] as number));
    out[i] = cmp(diff, minusDelta);
  }
  return out;
}

/** t + n (or t - n) for INT64 nanoseconds n. A constant n moves the base; no row is touched. */
export function addNanos(t: TimeVector, n: Lane, sign: 1 | -1, rows: number): TimeVector {
  if (typeof n === 'number') return times(t.baseNs + BigInt(Math.trunc(n)) * BigInt(sign), t.lane);
  const out = new Float64Array(rows);
  let max = 0;
  for (let i = 0; i < rows; i++) {
    const v =
      (typeof t.lane === 'number' ? t.lane : (t.lane[i] as number)) + sign * (n[i] as number);
    out[i] = v;
    if (Math.abs(v) > max) max = Math.abs(v);
  }
  if (max <= MAX_TIME_OFFSET) return times(t.baseNs, out);
  return rebase(t.baseNs, out, rows);
}

/** a - b in nanoseconds (INT64; exact while the difference stays within 2^53). */
export function subtractTimes(a: TimeVector, b: TimeVector, rows: number): Lane {
  const delta = Number(a.baseNs - b.baseNs);
  const la = a.lane;
  const lb = b.lane;
  if (typeof la === 'number' && typeof lb === 'number') return delta + (la - lb);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    out[i] =
      delta +
      ((typeof la === 'number' ? la : (la[i] as number)) -
        (typeof lb === 'number' ? lb : (lb[i] as number)));
  }
  return out;
}

/**
 * INT64 nanoseconds as times. Small values are used as offsets from 0 without copying;
 * others are re-based on the first value.
 */
export function nanosAsTime(lane: Lane, rows: number): TimeVector {
  if (typeof lane === 'number') return times(BigInt(Math.trunc(lane)), 0);
  let max = 0;
  for (let i = 0; i < rows; i++) max = Math.max(max, Math.abs(lane[i] as number));
  if (max <= MAX_TIME_OFFSET) return times(0n, lane);
  return rebase(0n, lane, rows);
}

/** Picks the first row as the new base so the offsets fit, or explains why they cannot. */
function rebase(baseNs: bigint, values: ArrayLike<number>, rows: number): TimeVector {
  const first = Math.trunc(values[0] ?? 0);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const offset = Math.trunc(values[i] as number) - first;
    if (Math.abs(offset) > MAX_TIME_OFFSET) throw timeSpanError();
    out[i] = offset;
  }
  return times(baseNs + BigInt(first), out);
}

/** The vector's values re-expressed as offsets from `baseNs` (for combining two vectors). */
export function offsetsFrom(t: TimeVector, baseNs: bigint, rows: number): Lane {
  if (t.baseNs === baseNs) return t.lane;
  const delta = timeOffset(t.baseNs - baseNs);
  const lane = t.lane;
  if (typeof lane === 'number') return checkedOffset(delta + lane);
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = checkedOffset(delta + (lane[i] as number));
  return out;
}

function checkedOffset(offset: number): number {
  if (Math.abs(offset) > MAX_TIME_OFFSET) throw timeSpanError();
  return offset;
}
