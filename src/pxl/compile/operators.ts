import type { BinaryOp, Expr } from '../plan/expr.js';
import type { BinaryOperator, CompareOperator, Span, UnaryOperator } from '../syntax/index.js';
import type { CompileContext } from './context.js';
import { foldBinary, truthy } from './fold.js';
import { laterFrame, otherFrame } from './frame-ops.js';
import {
  describe,
  ERROR,
  literal,
  type ColumnValue,
  type ConstValue,
  type NoneValue,
  type Value,
} from './values.js';

export type Operator = BinaryOperator | CompareOperator | 'and' | 'or';

const PLAN_OPS: ReadonlyMap<Operator, BinaryOp> = new Map<Operator, BinaryOp>([
  ['+', '+'],
  ['-', '-'],
  ['*', '*'],
  ['/', '/'],
  ['%', '%'],
  ['&', '&'],
  ['|', '|'],
  ['and', 'and'],
  ['or', 'or'],
  ['==', '=='],
  ['!=', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['is', '=='],
  ['is not', '!='],
]);

/** An operand as a column expression: constants become literals. */
function asColumn(value: Value, span: Span): ColumnValue | undefined {
  if (value.kind === 'column') return value;
  if (value.kind === 'const')
    return { kind: 'column', frame: undefined, expr: literal(value, span) };
  return undefined;
}

/** `left op right` for any two values: folded when both are known, an expression otherwise. */
export function binaryOp(
  ctx: CompileContext,
  op: Operator,
  left: Value,
  right: Value,
  span: Span,
): Value {
  if (left.kind === 'error' || right.kind === 'error') return ERROR;
  if (op === 'in' || op === 'not in') return membership(ctx, op, left, right, span);
  if ((op === 'and' || op === 'or') && (left.kind === 'const' || left.kind === 'none')) {
    // Python: `a or b` is a when a is true, else b; `a and b` is a when a is false, else b.
    return truthy(left) === (op === 'or') ? left : right;
  }
  if ((op === 'is' || op === 'is not') && (left.kind === 'none' || right.kind === 'none')) {
    const same = left.kind === right.kind;
    return { kind: 'const', type: 'BOOLEAN', value: op === 'is' ? same : !same };
  }
  if (left.kind === 'const' && right.kind === 'const') return fold(ctx, op, left, right, span);
  if (left.kind === 'aggexpr' || right.kind === 'aggexpr')
    return aggregateOp(ctx, op, left, right, span);
  const a = asColumn(left, span);
  const b = asColumn(right, span);
  if (a === undefined || b === undefined) return unsupported(ctx, op, left, right, span);
  const frame = laterFrame(ctx, a, b);
  if (frame === 'unrelated') return otherFrame(ctx, span);
  const expr = columnOp(ctx, op, a.expr, b.expr, span);
  return expr === undefined ? ERROR : { kind: 'column', frame, expr };
}

function fold(
  ctx: CompileContext,
  op: Operator,
  left: ConstValue,
  right: ConstValue,
  span: Span,
): Value {
  const result = foldBinary(op, left, right);
  return typeof result === 'string' ? ctx.report('operator', result, span) : result;
}

function columnOp(
  ctx: CompileContext,
  op: Operator,
  a: Expr,
  b: Expr,
  span: Span,
): Expr | undefined {
  const planOp = PLAN_OPS.get(op);
  if (planOp !== undefined) return { kind: 'Binary', op: planOp, left: a, right: b, span };
  if (op === '//') {
    return {
      kind: 'Call',
      fn: 'floor',
      args: [{ kind: 'Binary', op: '/', left: a, right: b, span }],
      span,
    };
  }
  if (op === '**') return { kind: 'Call', fn: 'pow', args: [a, b], span };
  ctx.report('operator', `'${op}' does not apply to columns`, span);
  return undefined;
}

function unsupported(
  ctx: CompileContext,
  op: Operator,
  left: Value,
  right: Value,
  span: Span,
): Value {
  return ctx.report(
    'operator',
    `'${op}' does not apply to ${describe(left)} and ${describe(right)}`,
    span,
  );
}

/** `x in [..]`: px.equals_any on columns, plain membership on constants. */
function membership(
  ctx: CompileContext,
  op: 'in' | 'not in',
  left: Value,
  right: Value,
  span: Span,
): Value {
  if (right.kind !== 'list' && right.kind !== 'tuple') {
    return ctx.report(
      'operator',
      `'${op}' needs a list or tuple on its right, got ${describe(right)}`,
      span,
    );
  }
  const items = right.items;
  if (items.some((i) => i.kind === 'error')) return ERROR;
  if (!items.every((i): i is ConstValue => i.kind === 'const')) {
    return ctx.report('operator', `'${op}' needs a list of constants`, span);
  }
  if (left.kind === 'const') {
    const found = items.some((i) => i.value === left.value);
    return { kind: 'const', type: 'BOOLEAN', value: op === 'in' ? found : !found };
  }
  const column = asColumn(left, span);
  if (column === undefined) return unsupported(ctx, op, left, right, span);
  const list: Expr = { kind: 'List', items: items.map((i) => literal(i, span)), span };
  const test: Expr = { kind: 'Call', fn: 'equals_any', args: [column.expr, list], span };
  return {
    kind: 'column',
    frame: column.frame,
    expr: op === 'in' ? test : { kind: 'Unary', op: 'not', operand: test, span },
  };
}

function aggregateOp(
  ctx: CompileContext,
  op: Operator,
  left: Value,
  right: Value,
  span: Span,
): Value {
  const part = (v: Value) =>
    v.kind === 'aggexpr'
      ? v
      : v.kind === 'const'
        ? { expr: literal(v, span) as Expr, aggs: [], frames: [] }
        : undefined;
  const a = part(left);
  const b = part(right);
  if (a === undefined || b === undefined) {
    return ctx.report(
      'misplaced-aggregate',
      'an aggregate can only be combined with constants and other aggregates',
      span,
    );
  }
  const expr = columnOp(ctx, op, a.expr, b.expr, span);
  if (expr === undefined) return ERROR;
  return {
    kind: 'aggexpr',
    expr,
    aggs: [...a.aggs, ...b.aggs],
    frames: [...a.frames, ...b.frames],
  };
}

export function unaryOp(ctx: CompileContext, op: UnaryOperator, operand: Value, span: Span): Value {
  switch (operand.kind) {
    case 'error':
      return ERROR;
    case 'const':
    case 'none':
      return foldUnary(ctx, op, operand, span);
    case 'column':
      if (op === '+') return operand;
      return {
        kind: 'column',
        frame: operand.frame,
        expr: { kind: 'Unary', op: op === 'not' ? 'not' : op, operand: operand.expr, span },
      };
    case 'aggexpr':
      if (op === '+') return operand;
      return { ...operand, expr: { kind: 'Unary', op, operand: operand.expr, span } };
    default:
      return ctx.report('operator', `'${op}' does not apply to ${describe(operand)}`, span);
  }
}

function foldUnary(
  ctx: CompileContext,
  op: UnaryOperator,
  value: ConstValue | NoneValue,
  span: Span,
): Value {
  if (op === 'not') return { kind: 'const', type: 'BOOLEAN', value: !truthy(value) };
  if (value.kind === 'none' || value.type === 'STRING') {
    return ctx.report('operator', `'${op}' does not apply to ${describe(value)}`, span);
  }
  const n = Number(value.value);
  if (op === '+')
    return { kind: 'const', type: value.type === 'FLOAT64' ? 'FLOAT64' : 'INT64', value: n };
  if (op === '-')
    return { kind: 'const', type: value.type === 'FLOAT64' ? 'FLOAT64' : 'INT64', value: -n };
  if (value.type === 'FLOAT64')
    return ctx.report('operator', "'~' does not apply to a float", span);
  return { kind: 'const', type: 'INT64', value: -n - 1 };
}
