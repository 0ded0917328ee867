import type { Lane, SemanticType } from '../../../store/index.js';
import { combine, map } from '../../exec/kernels.js';
import { numbers, type Vector } from '../../exec/vector.js';
import { rowFunction } from '../row-function.js';
import { checkArgs } from '../signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from '../types.js';

/** Semantic types abs() keeps (Pixie's inference rules). */
const UNIT_SEMANTICS = new Set<SemanticType>([
  'ST_BYTES',
  'ST_DURATION_NS',
  'ST_PERCENT',
  'ST_THROUGHPUT_PER_NS',
  'ST_THROUGHPUT_BYTES_PER_NS',
]);

function lane(v: Vector | undefined): Lane {
  if (v?.kind !== 'number') throw new TypeError('expected a number vector');
  return v.lane;
}

interface UnarySpec {
  readonly name: string;
  readonly summary: string;
  readonly result: 'INT64' | 'FLOAT64' | 'SAME';
  readonly fn: (x: number) => number;
  readonly keepsUnit?: boolean;
}

function unaryMath(spec: UnarySpec): ScalarFunction {
  return {
    name: spec.name,
    summary: spec.summary,
    bind(args): BoundScalar | string {
      const problem = checkArgs(spec.name, args, ['NUMBER']);
      if (problem !== undefined) return problem;
      const input = args[0] as ArgInfo;
      const type = spec.result === 'SAME' ? (input.type as 'INT64' | 'FLOAT64') : spec.result;
      const keep = spec.keepsUnit === true && UNIT_SEMANTICS.has(input.semantic);
      return {
        type,
        semantic: keep ? input.semantic : 'ST_NONE',
        evaluate: ([x], rows) => numbers(type, map(lane(x), rows, spec.fn)),
      };
    },
  };
}

function binaryMath(name: string, summary: string, fn: (a: number, b: number) => number) {
  return {
    name,
    summary,
    bind(args: readonly ArgInfo[]): BoundScalar | string {
      const problem = checkArgs(name, args, ['NUMBER', 'NUMBER']);
      if (problem !== undefined) return problem;
      return {
        type: 'FLOAT64',
        semantic: 'ST_NONE',
        evaluate: ([a, b], rows) => numbers('FLOAT64', combine(lane(a), lane(b), rows, fn)),
      };
    },
  } satisfies ScalarFunction;
}

export const MATH_FUNCTIONS: readonly ScalarFunction[] = [
  unaryMath({
    name: 'floor',
    summary: 'floor(x): the largest integer <= x.',
    result: 'INT64',
    fn: Math.floor,
  }),
  unaryMath({
    name: 'ceil',
    summary: 'ceil(x): the smallest integer >= x.',
    result: 'INT64',
    fn: Math.ceil,
  }),
  unaryMath({
    name: 'abs',
    summary: 'abs(x): the absolute value of x.',
    result: 'SAME',
    fn: Math.abs,
    keepsUnit: true,
  }),
  unaryMath({
    name: 'sqrt',
    summary: 'sqrt(x): the square root of x.',
    result: 'FLOAT64',
    fn: Math.sqrt,
  }),
  unaryMath({ name: 'exp', summary: 'exp(x): e to the power x.', result: 'FLOAT64', fn: Math.exp }),
  unaryMath({
    name: 'ln',
    summary: 'ln(x): the natural logarithm of x.',
    result: 'FLOAT64',
    fn: Math.log,
  }),
  unaryMath({
    name: 'log2',
    summary: 'log2(x): the base-2 logarithm of x.',
    result: 'FLOAT64',
    fn: Math.log2,
  }),
  unaryMath({
    name: 'log10',
    summary: 'log10(x): the base-10 logarithm of x.',
    result: 'FLOAT64',
    fn: Math.log10,
  }),
  binaryMath('log', 'log(b, x): the base-b logarithm of x.', (b, x) => Math.log(x) / Math.log(b)),
  binaryMath('pow', 'pow(x, y): x to the power y.', Math.pow),
  rowFunction({
    name: 'round',
    summary: "round(x, decimals): x rounded to `decimals` places, as text ('0.25').",
    params: ['FLOAT64', 'INT64'],
    result: 'STRING',
    fn: ([x, decimals]) =>
      (x as number).toFixed(Math.min(100, Math.max(0, Math.trunc(decimals as number)))),
  }),
];
