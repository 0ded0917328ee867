import { bindBinary, bindUnary, type Operand } from '../../exec/bind-operators.js';
import { booleans, type Vector } from '../../exec/vector.js';
import type { BinaryOp, UnaryOp } from '../../plan/expr.js';
import type { DataType } from '../../plan/types.js';
import { describeTypes } from '../signature.js';
import type { ArgInfo, BoundScalar, ScalarFunction } from '../types.js';

/**
 * Pixie's operators under their function names (`px.equal(a, b)` is `a == b`), as pasted
 * scripts call them. Each binds the same kernel as its operator, so types, semantic types and
 * results agree; where Pixie's function differs from its operator (float equality, the
 * integer truthiness of logicalAnd), the difference is kept and said below.
 */

/** Pixie compares two floats with std::numeric_limits<double>::epsilon(), not exactly. */
const FLOAT_EPSILON = Number.EPSILON;

const isList = (a: ArgInfo | undefined) => a?.items !== undefined;

function fromOperator(name: string, bound: ReturnType<typeof bindBinary>): BoundScalar | string {
  if (typeof bound === 'string') return `px.${name}: ${bound}`;
  return {
    type: bound.type,
    semantic: bound.semantic,
    evaluate: (v, rows) => bound.apply(v, rows),
  };
}

function binary(name: string, op: BinaryOp, summary: string): ScalarFunction {
  return {
    name,
    summary,
    bind(args) {
      const [a, b] = args;
      if (args.length !== 2 || a === undefined || b === undefined || isList(a) || isList(b)) {
        return `px.${name} takes 2 values, got ${describeTypes(args)}`;
      }
      return fromOperator(name, bindBinary(op, a, b));
    },
  };
}

/** Logical functions take BOOLEAN or INT64 (non-zero is true), as Pixie's overloads do. */
const LOGICAL: readonly DataType[] = ['BOOLEAN', 'INT64'];
// The kernels read non-zero as true, so an INT64 lane can stand in for a BOOLEAN one.
const asBoolean = (a: ArgInfo): Operand => ({ type: 'BOOLEAN', semantic: a.semantic });

function unary(
  name: string,
  op: UnaryOp,
  accepted: readonly DataType[],
  summary: string,
  operand: (a: ArgInfo) => Operand = (a) => a,
): ScalarFunction {
  return {
    name,
    summary,
    bind(args) {
      const [a] = args;
      if (args.length !== 1 || a === undefined || isList(a) || !accepted.includes(a.type)) {
        return `px.${name} takes (${accepted.join('|')}), got ${describeTypes(args)}`;
      }
      return fromOperator(name, bindUnary(op, operand(a)));
    },
  };
}

function logical(name: string, op: 'and' | 'or', summary: string): ScalarFunction {
  return {
    name,
    summary,
    bind(args) {
      const [a, b] = args;
      const ok = (x: ArgInfo | undefined) =>
        x !== undefined && !isList(x) && LOGICAL.includes(x.type);
      if (args.length !== 2 || !ok(a) || !ok(b)) {
        return `px.${name} takes (BOOLEAN|INT64, BOOLEAN|INT64), got ${describeTypes(args)}`;
      }
      return fromOperator(name, bindBinary(op, asBoolean(a as ArgInfo), asBoolean(b as ArgInfo)));
    },
  };
}

const isFloat = (a: ArgInfo | undefined) => a?.type === 'FLOAT64';
const isNumber = (a: ArgInfo | undefined) => a?.type === 'FLOAT64' || a?.type === 'INT64';

/** |a - b| < epsilon over two number vectors. */
function approximately(equal: boolean) {
  const subtract = bindBinary(
    '-',
    { type: 'FLOAT64', semantic: 'ST_NONE' },
    {
      type: 'FLOAT64',
      semantic: 'ST_NONE',
    },
  ) as Exclude<ReturnType<typeof bindBinary>, string>;
  return (vectors: readonly Vector[], rows: number): Vector => {
    const diff = subtract.apply(vectors, rows);
    if (diff.kind !== 'number') throw new TypeError('approxEqual: expected numbers');
    const near = (d: number) => Math.abs(d) < FLOAT_EPSILON === equal;
    if (typeof diff.lane === 'number') return booleans(near(diff.lane) ? 1 : 0);
    const out = new Uint8Array(rows);
    for (let i = 0; i < rows; i++) out[i] = near(diff.lane[i] as number) ? 1 : 0;
    return booleans(out);
  };
}

function approximate(name: string, equal: boolean, summary: string): ScalarFunction {
  return {
    name,
    summary,
    bind(args) {
      if (args.length !== 2 || !args.every(isNumber) || args.some(isList)) {
        return `px.${name} takes (FLOAT64, FLOAT64), got ${describeTypes(args)}`;
      }
      return { type: 'BOOLEAN', semantic: 'ST_NONE', evaluate: approximately(equal) };
    },
  };
}

/** Pixie's equal/notEqual of two floats are its approxEqual/approxNotEqual. */
function equality(name: string, op: '==' | '!=', summary: string): ScalarFunction {
  const exact = binary(name, op, summary);
  const approx = approximate(name, op === '==', summary);
  return {
    name,
    summary,
    bind: (args) => (args.length === 2 && args.every(isFloat) ? approx : exact).bind(args),
  };
}

export const OPERATOR_FUNCTIONS: readonly ScalarFunction[] = [
  equality('equal', '==', 'equal(a, b): a == b (two floats: within machine epsilon).'),
  equality('notEqual', '!=', 'notEqual(a, b): a != b (two floats: farther than machine epsilon).'),
  approximate(
    'approxEqual',
    true,
    'approxEqual(a, b): whether two numbers are within machine epsilon.',
  ),
  binary('lessThan', '<', 'lessThan(a, b): a < b.'),
  binary('lessThanEqual', '<=', 'lessThanEqual(a, b): a <= b.'),
  binary('greaterThan', '>', 'greaterThan(a, b): a > b.'),
  binary('greaterThanEqual', '>=', 'greaterThanEqual(a, b): a >= b.'),
  binary('add', '+', 'add(a, b): a + b (numbers, time plus ns, or joined strings).'),
  binary('subtract', '-', 'subtract(a, b): a - b.'),
  binary('multiply', '*', 'multiply(a, b): a * b.'),
  binary('divide', '/', 'divide(a, b): a / b as FLOAT64.'),
  binary('modulo', '%', 'modulo(a, b): the remainder of a / b.'),
  logical('logicalAnd', 'and', 'logicalAnd(a, b): a and b (an INT64 is true when non-zero).'),
  logical('logicalOr', 'or', 'logicalOr(a, b): a or b (an INT64 is true when non-zero).'),
  unary(
    'logicalNot',
    'not',
    LOGICAL,
    'logicalNot(a): not a (an INT64 is true when non-zero).',
    asBoolean,
  ),
  unary(
    'negate',
    '-',
    ['INT64', 'FLOAT64'],
    'negate(x): -x for an INT64 or FLOAT64 (use not for booleans).',
  ),
  unary('invert', '~', ['INT64'], 'invert(x): the bits of an INT64 inverted (~x).'),
];
