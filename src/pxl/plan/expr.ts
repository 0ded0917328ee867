import type { Span } from '../syntax/span.js';
import type { DataType } from './types.js';

/**
 * Expressions of the logical plan: plain data a compiler builds from the PxL syntax tree.
 * `span` (optional) points at the source so check and runtime errors can show it.
 */
export type Expr = ColumnRef | Literal | Unary | Binary | Call | List;

/** A column of the node's input, by name. */
export interface ColumnRef {
  readonly kind: 'Column';
  readonly name: string;
  readonly span?: Span;
}

/**
 * A constant. INT64 values are numbers (exact to ±2^53); TIME64NS and UINT128 are bigints so
 * nanoseconds and 128-bit upids stay exact.
 */
export type Literal =
  | LiteralOf<'INT64' | 'FLOAT64', number>
  | LiteralOf<'STRING', string>
  | LiteralOf<'BOOLEAN', boolean>
  | LiteralOf<'TIME64NS' | 'UINT128', bigint>;

interface LiteralOf<T extends DataType, V> {
  readonly kind: 'Literal';
  readonly type: T;
  readonly value: V;
  readonly span?: Span;
}

/** `-x`, `~x` (logical not on booleans, bitwise on integers) and `not x`. */
export type UnaryOp = '-' | '~' | 'not';

export interface Unary {
  readonly kind: 'Unary';
  readonly op: UnaryOp;
  readonly operand: Expr;
  readonly span?: Span;
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
/** `&` and `|` are PxL's element-wise boolean operators; `and`/`or` mean the same on columns. */
export type LogicalOp = '&' | '|' | 'and' | 'or';
export type BinaryOp = ArithmeticOp | ComparisonOp | LogicalOp;

export interface Binary {
  readonly kind: 'Binary';
  readonly op: BinaryOp;
  readonly left: Expr;
  readonly right: Expr;
  readonly span?: Span;
}

/** A scalar function by its registry name without the `px.` prefix: `contains`, `bin`. */
export interface Call {
  readonly kind: 'Call';
  readonly fn: string;
  readonly args: readonly Expr[];
  readonly span?: Span;
}

/** A list of constants, only as a function argument (`px.equals_any(df.x, [1, 2])`). */
export interface List {
  readonly kind: 'List';
  readonly items: readonly Literal[];
  readonly span?: Span;
}

/** Shorthands for building expressions in compilers and tests. */
export const col = (name: string): ColumnRef => ({ kind: 'Column', name });
export const int = (value: number): Literal => ({ kind: 'Literal', type: 'INT64', value });
export const float = (value: number): Literal => ({ kind: 'Literal', type: 'FLOAT64', value });
export const str = (value: string): Literal => ({ kind: 'Literal', type: 'STRING', value });
export const bool = (value: boolean): Literal => ({ kind: 'Literal', type: 'BOOLEAN', value });
export const time = (ns: bigint): Literal => ({ kind: 'Literal', type: 'TIME64NS', value: ns });
export const call = (fn: string, ...args: Expr[]): Call => ({ kind: 'Call', fn, args });
export const unary = (op: UnaryOp, operand: Expr): Unary => ({ kind: 'Unary', op, operand });
export const binary = (op: BinaryOp, left: Expr, right: Expr): Binary => ({
  kind: 'Binary',
  op,
  left,
  right,
});
export const list = (...items: Literal[]): List => ({ kind: 'List', items });

/** A stable text form, used to share aggregate state between equal inputs and in messages. */
export function exprKey(expr: Expr): string {
  switch (expr.kind) {
    case 'Column':
      return `col(${JSON.stringify(expr.name)})`;
    case 'Literal':
      return `${expr.type}(${typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value)})`;
    case 'Unary':
      return `(${expr.op} ${exprKey(expr.operand)})`;
    case 'Binary':
      return `(${exprKey(expr.left)} ${expr.op} ${exprKey(expr.right)})`;
    case 'Call':
      return `${expr.fn}(${expr.args.map(exprKey).join(', ')})`;
    case 'List':
      return `[${expr.items.map(exprKey).join(', ')}]`;
  }
}
