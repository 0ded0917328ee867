import { runtimeError } from '../plan/diagnostics.js';
import type { DataType, ScalarValue } from '../plan/types.js';
import {
  constant,
  isConstant,
  MAX_TIME_OFFSET,
  valueAt,
  type NumericArrayConstructor,
  type Vector,
} from '../exec/vector.js';

/**
 * Builds a vector row by row from `at(row)`. The general path for functions without a
 * dictionary or typed-array shortcut; allocates per row only for strings and bigints.
 */
export function buildVector(
  type: DataType,
  rows: number,
  at: (row: number) => ScalarValue,
): Vector {
  switch (type) {
    case 'INT64':
    case 'FLOAT64':
      return { kind: 'number', type, lane: fillLane(Float64Array, rows, (i) => Number(at(i))) };
    case 'BOOLEAN':
      return { kind: 'number', type, lane: fillLane(Uint8Array, rows, (i) => (at(i) ? 1 : 0)) };
    case 'STRING': {
      const dict = Array.from({ length: rows }, (_, i) => String(at(i)));
      return { kind: 'string', codes: identityCodes(rows), dict };
    }
    case 'UINT128': {
      const dict = Array.from({ length: rows }, (_, i) => BigInt(at(i)));
      return { kind: 'uint128', codes: identityCodes(rows), dict };
    }
    case 'TIME64NS':
      return buildTimes(rows, (i) => BigInt(at(i)));
  }
}

function fillLane(
  Out: NumericArrayConstructor,
  rows: number,
  at: (row: number) => number,
): InstanceType<NumericArrayConstructor> {
  const lane = new Out(rows);
  for (let i = 0; i < rows; i++) lane[i] = at(i);
  return lane;
}

export function identityCodes(rows: number): Uint32Array {
  const codes = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) codes[i] = i;
  return codes;
}

/** Exact times from bigints: the first value is the base, the rest are offsets from it. */
export function buildTimes(rows: number, at: (row: number) => bigint): Vector {
  if (rows === 0) return { kind: 'time', baseNs: 0n, lane: new Float64Array(0) };
  const baseNs = at(0);
  const lane = new Float64Array(rows);
  for (let i = 0; i < rows; i++) lane[i] = timeOffset(at(i) - baseNs);
  return { kind: 'time', baseNs, lane };
}

/** An offset as a number, refusing the (rare) combinations of times too far apart for one batch. */
export function timeOffset(delta: bigint): number {
  const offset = Number(delta);
  if (Math.abs(offset) > MAX_TIME_OFFSET) throw timeSpanError();
  return offset;
}

export function timeSpanError() {
  return runtimeError(
    'time-span',
    'time values more than 52 days apart cannot be combined in one batch',
    undefined,
    'narrow the time range (start_time) or convert with px.time_to_int64 first',
  );
}

/**
 * Applies `fn` to each row's argument values. Constant arguments give a constant result,
 * computed once. `values` is reused between rows: `fn` must not keep it.
 */
export function rowwise(
  type: DataType,
  args: readonly Vector[],
  rows: number,
  fn: (values: ScalarValue[]) => ScalarValue,
): Vector {
  const values: ScalarValue[] = new Array<ScalarValue>(args.length);
  const read = (row: number): ScalarValue => {
    for (let k = 0; k < args.length; k++) values[k] = valueAt(args[k] as Vector, row);
    return fn(values);
  };
  if (args.every(isConstant)) return constant(type, read(0));
  return buildVector(type, rows, read);
}
