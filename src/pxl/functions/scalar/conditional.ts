import type { Lane } from '../../../store/index.js';
import { offsetsFrom } from '../../exec/time-ops.js';
import { booleans, isConstant, laneAt, valueAt, type Vector } from '../../exec/vector.js';
import type { DataType, ScalarValue } from '../../plan/types.js';
import { describeTypes } from '../signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from '../types.js';

const NUMBER_TYPES = new Set<DataType>(['INT64', 'FLOAT64']);

/** The type both branches of select() can be held in, if any. */
function commonType(a: DataType, b: DataType): DataType | undefined {
  if (a === b) return a;
  return NUMBER_TYPES.has(a) && NUMBER_TYPES.has(b) ? 'FLOAT64' : undefined;
}

/** select(cond, a, b): a where cond is true, else b; evaluated on whole columns. */
export const select: ScalarFunction = {
  name: 'select',
  summary: 'select(cond, a, b): a where cond is true, otherwise b.',
  bind(args): BoundScalar | string {
    const [cond, a, b] = args as [ArgInfo?, ArgInfo?, ArgInfo?];
    const type = a && b ? commonType(a.type, b.type) : undefined;
    if (
      args.length !== 3 ||
      cond?.type !== 'BOOLEAN' ||
      type === undefined ||
      a?.items ||
      b?.items
    ) {
      return `px.select takes (BOOLEAN, T, T) with both branches of one type, got ${describeTypes(args)}`;
    }
    return {
      type,
      semantic: a?.semantic === b?.semantic ? (a?.semantic ?? 'ST_NONE') : 'ST_NONE',
      evaluate: ([c, x, y], rows) => choose(type, c as Vector, x as Vector, y as Vector, rows),
    };
  },
};

function choose(type: DataType, c: Vector, a: Vector, b: Vector, rows: number): Vector {
  if (c.kind !== 'number') throw new TypeError('select: condition is not boolean');
  const cond = c.lane;
  if (typeof cond === 'number') return retype(cond !== 0 ? a : b, type);
  if (a.kind === 'number' && b.kind === 'number') {
    const out = type === 'BOOLEAN' ? new Uint8Array(rows) : new Float64Array(rows);
    for (let i = 0; i < rows; i++)
      out[i] = (cond[i] as number) !== 0 ? laneAt(a.lane, i) : laneAt(b.lane, i);
    return { kind: 'number', type: type as 'INT64' | 'FLOAT64' | 'BOOLEAN', lane: out };
  }
  if (a.kind === 'time' && b.kind === 'time') {
    const other = offsetsFrom(b, a.baseNs, rows);
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++)
      out[i] = (cond[i] as number) !== 0 ? laneAt(a.lane, i) : laneAt(other, i);
    return { kind: 'time', baseNs: a.baseNs, lane: out };
  }
  if (
    (a.kind === 'string' && b.kind === 'string') ||
    (a.kind === 'uint128' && b.kind === 'uint128')
  ) {
    const codes = chooseCodes(cond, a.codes, b.codes, a.dict.length, rows);
    return { ...a, codes, dict: [...a.dict, ...b.dict] } as Vector;
  }
  throw new TypeError(`select: branches of different kinds (${a.kind}, ${b.kind})`);
}

/** Codes into the concatenation of both dictionaries: b's codes shift past a's entries. */
function chooseCodes(
  cond: ArrayLike<number>,
  a: Lane,
  b: Lane,
  shift: number,
  rows: number,
): Uint32Array {
  const out = new Uint32Array(rows);
  for (let i = 0; i < rows; i++)
    out[i] = (cond[i] as number) !== 0 ? laneAt(a, i) : laneAt(b, i) + shift;
  return out;
}

function retype(v: Vector, type: DataType): Vector {
  return v.kind === 'number' && v.type !== type ? { ...v, type: type as 'FLOAT64' } : v;
}

/** equals_any(x, [v1, v2, ...]): whether x equals one of the listed constants. */
export const equalsAny: ScalarFunction = {
  name: 'equals_any',
  summary: 'equals_any(x, [a, b, ...]): whether x equals any listed value.',
  bind(args): BoundScalar | string {
    const [x, list] = args as [ArgInfo?, ArgInfo?];
    const items = list?.items;
    const compatible =
      x !== undefined &&
      list !== undefined &&
      (x.type === list.type || (NUMBER_TYPES.has(x.type) && NUMBER_TYPES.has(list.type)));
    if (args.length !== 2 || items === undefined || x?.items !== undefined || !compatible) {
      return `px.equals_any takes (T, list of T), got ${describeTypes(args)}`;
    }
    const wanted = new Set<ScalarValue>(items);
    return {
      type: 'BOOLEAN',
      semantic: 'ST_NONE',
      evaluate: ([v], rows) => matchAny(v as Vector, wanted, rows),
    };
  },
};

function matchAny(v: Vector, wanted: ReadonlySet<ScalarValue>, rows: number): Vector {
  if (isConstant(v)) return booleans(wanted.has(valueAt(v, 0)) ? 1 : 0);
  const out = new Uint8Array(rows);
  if (v.kind === 'string' || v.kind === 'uint128') {
    const hits = (v.dict as readonly ScalarValue[]).map((s) => (wanted.has(s) ? 1 : 0));
    for (let i = 0; i < rows; i++) out[i] = hits[laneAt(v.codes, i)] as number;
  } else {
    for (let i = 0; i < rows; i++) out[i] = wanted.has(valueAt(v, i)) ? 1 : 0;
  }
  return booleans(out);
}
