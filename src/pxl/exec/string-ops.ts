import type { Lane } from '../../store/index.js';
import type { ComparisonOp } from '../plan/expr.js';
import {
  mapDict,
  mapDictToLane,
  type StringVector,
  type UpidVector,
  type Vector,
} from './vector.js';

/**
 * Operators on dictionary-coded columns. Against a constant, the operator runs once per
 * distinct dictionary entry and rows only look their result up.
 */
type Compare<T> = (a: T, b: T) => boolean;

function comparison<T extends string | bigint>(op: ComparisonOp): Compare<T> {
  switch (op) {
    case '==':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    case '>=':
      return (a, b) => a >= b;
  }
}

export function asStrings(v: Vector): StringVector {
  if (v.kind !== 'string') throw new TypeError(`expected a string vector, got ${v.kind}`);
  return v;
}

function asUpids(v: Vector): UpidVector {
  if (v.kind !== 'uint128') throw new TypeError(`expected a uint128 vector, got ${v.kind}`);
  return v;
}

export function compareStrings(op: ComparisonOp, a: Vector, b: Vector, rows: number): Lane {
  return compareDict(comparison<string>(op), asStrings(a), asStrings(b), rows);
}

export function equalUpids(op: '==' | '!=', a: Vector, b: Vector, rows: number): Lane {
  return compareDict(comparison<bigint>(op), asUpids(a), asUpids(b), rows);
}

interface Dict<T> {
  readonly codes: Lane;
  readonly dict: readonly T[];
}

function compareDict<T>(cmp: Compare<T>, a: Dict<T>, b: Dict<T>, rows: number): Lane {
  if (typeof b.codes === 'number') {
    const right = b.dict[b.codes] as T;
    return mapDictToLane(a.codes, a.dict, rows, (s) => (cmp(s, right) ? 1 : 0), Uint8Array);
  }
  if (typeof a.codes === 'number') {
    const left = a.dict[a.codes] as T;
    return mapDictToLane(b.codes, b.dict, rows, (s) => (cmp(left, s) ? 1 : 0), Uint8Array);
  }
  const out = new Uint8Array(rows);
  const ac = a.codes;
  const bc = b.codes;
  for (let i = 0; i < rows; i++) {
    out[i] = cmp(a.dict[ac[i] as number] as T, b.dict[bc[i] as number] as T) ? 1 : 0;
  }
  return out;
}

export function concatStrings(a: Vector, b: Vector, rows: number): StringVector {
  const left = asStrings(a);
  const right = asStrings(b);
  if (typeof right.codes === 'number') {
    const suffix = right.dict[right.codes] as string;
    const { codes, dict } = mapDict(left.codes, left.dict, rows, (s) => s + suffix);
    return { kind: 'string', codes, dict };
  }
  if (typeof left.codes === 'number') {
    const prefix = left.dict[left.codes] as string;
    const { codes, dict } = mapDict(right.codes, right.dict, rows, (s) => prefix + s);
    return { kind: 'string', codes, dict };
  }
  const dict: string[] = new Array<string>(rows);
  const codes = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    dict[i] =
      (left.dict[left.codes[i] as number] as string) +
      (right.dict[right.codes[i] as number] as string);
    codes[i] = i;
  }
  return { kind: 'string', codes, dict };
}
