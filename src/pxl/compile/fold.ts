import type { ConstValue, NoneValue } from './values.js';
import type { Operator } from './operators.js';

/**
 * Constant folding with Python's rules: booleans count as integers, `/` gives a float, `//`
 * and `%` round toward negative infinity, `**` with a negative exponent gives a float.
 * Returns the result, or a sentence saying why there is none.
 */
export function foldBinary(op: Operator, left: ConstValue, right: ConstValue): ConstValue | string {
  if (left.type === 'STRING' || right.type === 'STRING') return foldStrings(op, left, right);
  const a = Number(left.value);
  const b = Number(right.value);
  const ints = left.type !== 'FLOAT64' && right.type !== 'FLOAT64';
  const bools = left.type === 'BOOLEAN' && right.type === 'BOOLEAN';
  const num = (value: number, integer = ints): ConstValue => ({
    kind: 'const',
    type: integer ? 'INT64' : 'FLOAT64',
    value,
  });
  const bool = (value: boolean): ConstValue => ({ kind: 'const', type: 'BOOLEAN', value });
  switch (op) {
    case '+':
      return num(a + b);
    case '-':
      return num(a - b);
    case '*':
      return num(a * b);
    case '/':
      return b === 0 ? 'division by zero' : num(a / b, false);
    case '//':
      return b === 0 ? 'division by zero' : num(Math.floor(a / b));
    case '%':
      return b === 0 ? 'division by zero' : num(a - Math.floor(a / b) * b);
    case '**':
      return num(a ** b, ints && b >= 0);
    case '==':
    case 'is':
      return bool(a === b);
    case '!=':
    case 'is not':
      return bool(a !== b);
    case '<':
      return bool(a < b);
    case '<=':
      return bool(a <= b);
    case '>':
      return bool(a > b);
    case '>=':
      return bool(a >= b);
    default:
      return foldBits(op, a, b, ints, bools);
  }
}

function foldBits(
  op: Operator,
  a: number,
  b: number,
  ints: boolean,
  bools: boolean,
): ConstValue | string {
  if (!ints) return `'${op}' does not apply to floats`;
  const big = (f: (x: bigint, y: bigint) => bigint): ConstValue => {
    const value = Number(BigInt.asIntN(64, f(BigInt(a), BigInt(b))));
    return bools && (op === '&' || op === '|' || op === '^')
      ? { kind: 'const', type: 'BOOLEAN', value: value !== 0 }
      : { kind: 'const', type: 'INT64', value };
  };
  switch (op) {
    case '&':
      return big((x, y) => x & y);
    case '|':
      return big((x, y) => x | y);
    case '^':
      return big((x, y) => x ^ y);
    case '<<':
      return b < 0 || b > 63 ? 'shift count out of range' : big((x, y) => x << y);
    case '>>':
      return b < 0 || b > 63 ? 'shift count out of range' : big((x, y) => x >> y);
    default:
      return `'${op}' does not apply to numbers`;
  }
}

function foldStrings(op: Operator, left: ConstValue, right: ConstValue): ConstValue | string {
  const bool = (value: boolean): ConstValue => ({ kind: 'const', type: 'BOOLEAN', value });
  if (op === '==' || op === 'is') return bool(left.value === right.value);
  if (op === '!=' || op === 'is not') return bool(left.value !== right.value);
  if (left.type !== 'STRING' || right.type !== 'STRING') {
    return `'${op}' does not apply to a string and a number`;
  }
  const [a, b] = [left.value, right.value];
  switch (op) {
    case '+':
      return { kind: 'const', type: 'STRING', value: a + b };
    case '<':
      return bool(a < b);
    case '<=':
      return bool(a <= b);
    case '>':
      return bool(a > b);
    case '>=':
      return bool(a >= b);
    default:
      return `'${op}' does not apply to strings`;
  }
}

/** Python truthiness of a known value. */
export function truthy(value: ConstValue | NoneValue): boolean {
  if (value.kind === 'none') return false;
  return value.type === 'STRING' ? value.value !== '' : Number(value.value) !== 0;
}
