import type { Lane, NumericArray } from '../../store/index.js';
import type { DataType, ScalarValue } from '../plan/types.js';

/**
 * One column of a batch. Vectors share the store's layout so a chunk's columns are vectors
 * without copying: numbers (INT64, FLOAT64, BOOLEAN as 0/1) in a lane, TIME64NS as
 * `baseNs + lane[row]`, STRING and UINT128 as dictionary codes. A lane that is a plain number
 * stands for every row (constants cost nothing). Vectors carry no length: their batch does.
 */
export type Vector = NumberVector | TimeVector | StringVector | UpidVector;

export type NumberType = 'INT64' | 'FLOAT64' | 'BOOLEAN';

export interface NumberVector {
  readonly kind: 'number';
  readonly type: NumberType;
  readonly lane: Lane;
}

/**
 * Exact nanoseconds. Offsets are integers with |offset| <= MAX_TIME_OFFSET, so differences of
 * two offsets stay exact in a float64 and comparisons never round.
 */
export interface TimeVector {
  readonly kind: 'time';
  readonly baseNs: bigint;
  readonly lane: Lane;
}

export interface StringVector {
  readonly kind: 'string';
  readonly codes: Lane;
  readonly dict: readonly string[];
}

export interface UpidVector {
  readonly kind: 'uint128';
  readonly codes: Lane;
  readonly dict: readonly bigint[];
}

/** Largest time offset from a vector's base (the store seals a chunk before exceeding it). */
export const MAX_TIME_OFFSET = 2 ** 52;

export type NumericArrayConstructor = new (length: number) => NumericArray;

export function numbers(type: NumberType, lane: Lane): NumberVector {
  return { kind: 'number', type, lane };
}

export function booleans(lane: Lane): NumberVector {
  return { kind: 'number', type: 'BOOLEAN', lane };
}

export function strings(codes: Lane, dict: readonly string[]): StringVector {
  return { kind: 'string', codes, dict };
}

export function times(baseNs: bigint, lane: Lane): TimeVector {
  return { kind: 'time', baseNs, lane };
}

/** A vector holding `value` in every row. */
export function constant(type: DataType, value: ScalarValue): Vector {
  switch (type) {
    case 'INT64':
    case 'FLOAT64':
    case 'BOOLEAN':
      return numbers(type, Number(value));
    case 'TIME64NS':
      return times(BigInt(value), 0);
    case 'STRING':
      return strings(0, [String(value)]);
    case 'UINT128':
      return { kind: 'uint128', codes: 0, dict: [BigInt(value)] };
  }
}

/** Whether every row holds the same value. */
export function isConstant(v: Vector): boolean {
  return typeof (v.kind === 'string' || v.kind === 'uint128' ? v.codes : v.lane) === 'number';
}

/** One row's value in its natural JS type: number, boolean, bigint or string. */
export function valueAt(v: Vector, row: number): ScalarValue {
  switch (v.kind) {
    case 'number': {
      const n = laneAt(v.lane, row);
      return v.type === 'BOOLEAN' ? n !== 0 : n;
    }
    case 'time':
      return v.baseNs + BigInt(laneAt(v.lane, row));
    case 'string':
      return v.dict[laneAt(v.codes, row)] as string;
    case 'uint128':
      return v.dict[laneAt(v.codes, row)] as bigint;
  }
}

export function laneAt(lane: Lane, row: number): number {
  return typeof lane === 'number' ? lane : (lane[row] as number);
}

/**
 * Applies `fn` to each dictionary entry the rows use (each once) and returns the results as
 * a new dictionary vector: string functions cost one call per distinct value, not per row.
 */
export function mapDict<T, R>(
  codes: Lane,
  dict: readonly T[],
  rows: number,
  fn: (value: T) => R,
): { codes: Lane; dict: R[] } {
  if (typeof codes === 'number') return { codes: 0, dict: [fn(dict[codes] as T)] };
  const memo = new Int32Array(dict.length).fill(-1);
  const out = new Uint32Array(rows);
  const results: R[] = [];
  for (let i = 0; i < rows; i++) {
    const code = codes[i] as number;
    let mapped = memo[code] as number;
    if (mapped < 0) {
      mapped = results.length;
      results.push(fn(dict[code] as T));
      memo[code] = mapped;
    }
    out[i] = mapped;
  }
  return { codes: out, dict: results };
}

/** Like mapDict, for functions returning numbers: the result is a lane. */
export function mapDictToLane<T>(
  codes: Lane,
  dict: readonly T[],
  rows: number,
  fn: (value: T) => number,
  Out: NumericArrayConstructor = Float64Array,
): Lane {
  if (typeof codes === 'number') return fn(dict[codes] as T);
  const memo = new Float64Array(dict.length);
  const seen = new Uint8Array(dict.length);
  const lane = new Out(rows);
  for (let i = 0; i < rows; i++) {
    const code = codes[i] as number;
    if (seen[code] === 0) {
      memo[code] = fn(dict[code] as T);
      seen[code] = 1;
    }
    lane[i] = memo[code] as number;
  }
  return lane;
}
