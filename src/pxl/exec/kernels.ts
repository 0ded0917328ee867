import type { Lane } from '../../store/index.js';
import type { ArithmeticOp, ComparisonOp } from '../plan/expr.js';

/**
 * Element-wise loops over lanes. Each kernel handles the constant cases so a column compared
 * with a literal never expands the literal, and two constants give a constant.
 */
type NumberOp = (a: number, b: number) => number;

const ARITHMETIC: Record<ArithmeticOp, NumberOp> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '%': (a, b) => a % b,
};

const COMPARISON: Record<ComparisonOp, NumberOp> = {
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
  '<': (a, b) => (a < b ? 1 : 0),
  '<=': (a, b) => (a <= b ? 1 : 0),
  '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0),
};

export function arithmetic(op: ArithmeticOp, a: Lane, b: Lane, rows: number): Lane {
  return zip(ARITHMETIC[op], a, b, rows, new Float64Array(rows));
}

export function compare(op: ComparisonOp, a: Lane, b: Lane, rows: number): Lane {
  return zip(COMPARISON[op], a, b, rows, new Uint8Array(rows));
}

/** A comparison as a function, for the kernels that compare strings or bigints themselves. */
export function comparator(op: ComparisonOp): NumberOp {
  return COMPARISON[op];
}

export function and(a: Lane, b: Lane, rows: number): Lane {
  return zip((x, y) => (x !== 0 && y !== 0 ? 1 : 0), a, b, rows, new Uint8Array(rows));
}

export function or(a: Lane, b: Lane, rows: number): Lane {
  return zip((x, y) => (x !== 0 || y !== 0 ? 1 : 0), a, b, rows, new Uint8Array(rows));
}

/** fn over two lanes into float64s (constants stay constant). */
export function combine(a: Lane, b: Lane, rows: number, fn: NumberOp): Lane {
  return zip(fn, a, b, rows, new Float64Array(rows));
}

export function map(
  lane: Lane,
  rows: number,
  fn: (x: number) => number,
  out?: Float64Array | Uint8Array,
): Lane {
  if (typeof lane === 'number') return fn(lane);
  const target = out ?? new Float64Array(rows);
  for (let i = 0; i < rows; i++) target[i] = fn(lane[i] as number);
  return target;
}

export function not(lane: Lane, rows: number): Lane {
  return map(lane, rows, (x) => (x === 0 ? 1 : 0), new Uint8Array(rows));
}

function zip(fn: NumberOp, a: Lane, b: Lane, rows: number, out: Float64Array | Uint8Array): Lane {
  if (typeof a === 'number') {
    if (typeof b === 'number') return fn(a, b);
    for (let i = 0; i < rows; i++) out[i] = fn(a, b[i] as number);
  } else if (typeof b === 'number') {
    for (let i = 0; i < rows; i++) out[i] = fn(a[i] as number, b);
  } else {
    for (let i = 0; i < rows; i++) out[i] = fn(a[i] as number, b[i] as number);
  }
  return out;
}
