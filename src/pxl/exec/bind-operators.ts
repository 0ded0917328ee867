import type { SemanticType } from '../../store/index.js';
import type { ArithmeticOp, BinaryOp, ComparisonOp, UnaryOp } from '../plan/expr.js';
import type { DataType } from '../plan/types.js';
import { and, arithmetic, compare, map, not, or } from './kernels.js';
import { compareStrings, concatStrings, equalUpids } from './string-ops.js';
import { addNanos, compareTimes, nanosAsTime, subtractTimes } from './time-ops.js';
import { booleans, numbers, type NumberVector, type TimeVector, type Vector } from './vector.js';

/** An operator bound to its operand types: result type, semantic type and kernel. */
export interface BoundOperator {
  readonly type: DataType;
  readonly semantic: SemanticType;
  apply(operands: readonly Vector[], rows: number): Vector;
}

export interface Operand {
  readonly type: DataType;
  readonly semantic: SemanticType;
}

const NUMERIC = new Set<DataType>(['INT64', 'FLOAT64', 'BOOLEAN']);
/** Semantic types that survive + and - when both sides carry them (Pixie's inference rules). */
const ADDITIVE_SEMANTICS = new Set<SemanticType>([
  'ST_BYTES',
  'ST_DURATION_NS',
  'ST_THROUGHPUT_PER_NS',
  'ST_THROUGHPUT_BYTES_PER_NS',
]);

const isComparison = (op: BinaryOp): op is ComparisonOp =>
  op === '==' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=';

/** The operator for these operand types, or a sentence saying why there is none. */
export function bindBinary(op: BinaryOp, left: Operand, right: Operand): BoundOperator | string {
  if (op === '&' || op === '|' || op === 'and' || op === 'or') return bindLogical(op, left, right);
  if (isComparison(op)) return bindComparison(op, left, right);
  return bindArithmetic(op, left, right);
}

function bindLogical(op: BinaryOp, left: Operand, right: Operand): BoundOperator | string {
  if (left.type !== 'BOOLEAN' || right.type !== 'BOOLEAN') return mismatch(op, left, right);
  const kernel = op === '&' || op === 'and' ? and : or;
  return {
    type: 'BOOLEAN',
    semantic: 'ST_NONE',
    apply: ([a, b], rows) => booleans(kernel(lane(a), lane(b), rows)),
  };
}

function bindComparison(op: ComparisonOp, left: Operand, right: Operand): BoundOperator | string {
  const result = (apply: BoundOperator['apply']): BoundOperator => ({
    type: 'BOOLEAN',
    semantic: 'ST_NONE',
    apply,
  });
  const l = left.type;
  const r = right.type;
  if (NUMERIC.has(l) && NUMERIC.has(r)) {
    return result(([a, b], rows) => booleans(compare(op, lane(a), lane(b), rows)));
  }
  if (l === 'STRING' && r === 'STRING') {
    return result(([a, b], rows) => booleans(compareStrings(op, a as Vector, b as Vector, rows)));
  }
  if (l === 'UINT128' && r === 'UINT128' && (op === '==' || op === '!=')) {
    return result(([a, b], rows) => booleans(equalUpids(op, a as Vector, b as Vector, rows)));
  }
  if ((l === 'TIME64NS' || l === 'INT64') && (r === 'TIME64NS' || r === 'INT64')) {
    return result(([a, b], rows) =>
      booleans(compareTimes(op, asTime(a as Vector, rows), asTime(b as Vector, rows), rows)),
    );
  }
  return mismatch(op, left, right);
}

function bindArithmetic(op: ArithmeticOp, left: Operand, right: Operand): BoundOperator | string {
  const l = left.type;
  const r = right.type;
  if (NUMERIC.has(l) && NUMERIC.has(r)) {
    const integral = l !== 'FLOAT64' && r !== 'FLOAT64' && op !== '/';
    return {
      type: integral ? 'INT64' : 'FLOAT64',
      semantic: arithmeticSemantic(op, left.semantic, right.semantic),
      apply: ([a, b], rows) =>
        numbers(integral ? 'INT64' : 'FLOAT64', arithmetic(op, lane(a), lane(b), rows)),
    };
  }
  if (op === '+' && l === 'STRING' && r === 'STRING') {
    return {
      type: 'STRING',
      semantic: 'ST_NONE',
      apply: ([a, b], rows) => concatStrings(a as Vector, b as Vector, rows),
    };
  }
  return bindTimeArithmetic(op, left, right) ?? mismatch(op, left, right);
}

function bindTimeArithmetic(
  op: ArithmeticOp,
  left: Operand,
  right: Operand,
): BoundOperator | undefined {
  const l = left.type;
  const r = right.type;
  if (op === '-' && l === 'TIME64NS' && r === 'TIME64NS') {
    return {
      type: 'INT64',
      semantic: 'ST_DURATION_NS',
      apply: ([a, b], rows) =>
        numbers('INT64', subtractTimes(a as TimeVector, b as TimeVector, rows)),
    };
  }
  if ((op === '+' || op === '-') && l === 'TIME64NS' && r === 'INT64') {
    const sign = op === '+' ? 1 : -1;
    return {
      type: 'TIME64NS',
      semantic: left.semantic,
      apply: ([a, b], rows) => addNanos(a as TimeVector, lane(b), sign, rows),
    };
  }
  if (op === '+' && l === 'INT64' && r === 'TIME64NS') {
    return {
      type: 'TIME64NS',
      semantic: right.semantic,
      apply: ([a, b], rows) => addNanos(b as TimeVector, lane(a), 1, rows),
    };
  }
  return undefined;
}

/** Pixie's rules: + and - keep a shared unit; count or bytes per duration is a throughput. */
function arithmeticSemantic(op: ArithmeticOp, l: SemanticType, r: SemanticType): SemanticType {
  if ((op === '+' || op === '-') && l === r && ADDITIVE_SEMANTICS.has(l)) return l;
  if (op === '/' && r === 'ST_DURATION_NS') {
    if (l === 'ST_NONE') return 'ST_THROUGHPUT_PER_NS';
    if (l === 'ST_BYTES') return 'ST_THROUGHPUT_BYTES_PER_NS';
  }
  return 'ST_NONE';
}

export function bindUnary(op: UnaryOp, operand: Operand): BoundOperator | string {
  const t = operand.type;
  if (t === 'BOOLEAN' && (op === 'not' || op === '~')) {
    return {
      type: 'BOOLEAN',
      semantic: 'ST_NONE',
      apply: ([a], rows) => booleans(not(lane(a), rows)),
    };
  }
  if (op === '-' && NUMERIC.has(t)) {
    const type = t === 'FLOAT64' ? 'FLOAT64' : 'INT64';
    return {
      type,
      semantic: operand.semantic,
      apply: ([a], rows) =>
        numbers(
          type,
          map(lane(a), rows, (x) => -x),
        ),
    };
  }
  if (op === '~' && t === 'INT64') {
    // Two's complement without truncating to 32 bits: ~x == -x - 1.
    return {
      type: 'INT64',
      semantic: 'ST_NONE',
      apply: ([a], rows) =>
        numbers(
          'INT64',
          map(lane(a), rows, (x) => -x - 1),
        ),
    };
  }
  return `'${op}' does not apply to ${t}`;
}

function mismatch(op: BinaryOp, left: Operand, right: Operand): string {
  return `'${op}' does not apply to ${left.type} and ${right.type}`;
}

function lane(v: Vector | undefined): NumberVector['lane'] {
  if (v?.kind !== 'number') throw new TypeError('expected a number vector');
  return v.lane;
}

function asTime(v: Vector, rows: number): TimeVector {
  if (v.kind === 'time') return v;
  return nanosAsTime(lane(v), rows);
}
