import type { Expr, Literal } from '../plan/expr.js';
import type { AggregateSpec, PlanNode } from '../plan/nodes.js';
import type { Relation } from '../plan/types.js';
import type { FunctionDef, Lambda, Span } from '../syntax/index.js';

/**
 * The values of PxL's abstract interpretation. A script runs at compile time over these: data
 * frames are plans with known columns, column expressions are plan expressions, everything
 * else (numbers, strings, lists, functions) is known exactly.
 */
export type Value =
  | ErrorValue
  | NoneValue
  | ConstValue
  | ListValue
  | TupleValue
  | DictValue
  | FrameValue
  | ColumnValue
  | AggExprValue
  | GroupedValue
  | CtxValue
  | FunctionValue
  | BuiltinValue
  | NamespaceValue
  | AggFnValue
  | TypeValue
  | OpaqueValue;

/** Stands for a value whose error was already reported; every use of it is silent. */
export interface ErrorValue {
  readonly kind: 'error';
}

export const ERROR: ErrorValue = { kind: 'error' };

export interface NoneValue {
  readonly kind: 'none';
}

export const NONE: NoneValue = { kind: 'none' };

export type ConstType = 'INT64' | 'FLOAT64' | 'STRING' | 'BOOLEAN';

export type ConstValue =
  | {
      readonly kind: 'const';
      readonly type: 'INT64' | 'FLOAT64';
      readonly value: number;
      /** An integer literal beyond 2^53 exactly, e.g. nanoseconds since the epoch. */
      readonly exact?: bigint;
    }
  | { readonly kind: 'const'; readonly type: 'STRING'; readonly value: string }
  | { readonly kind: 'const'; readonly type: 'BOOLEAN'; readonly value: boolean };

export interface ListValue {
  readonly kind: 'list';
  readonly items: readonly Value[];
}

export interface TupleValue {
  readonly kind: 'tuple';
  readonly items: readonly Value[];
}

export interface DictValue {
  readonly kind: 'dict';
  readonly entries: ReadonlyMap<string, Value>;
}

/**
 * A data frame as it stands: its plan and columns. `relation` is undefined once an error was
 * reported for it. `table` and the scan window are kept through single-input operations so
 * the course dialect's columns (`df.service`, `df.resp_latency`) can be derived.
 */
export interface Frame {
  readonly plan: PlanNode;
  readonly relation: Relation | undefined;
  readonly table: string | undefined;
}

/** A variable holding a data frame: `df.col = e` replaces the frame in place, as Python does. */
export interface FrameValue {
  readonly kind: 'frame';
  frame: Frame;
}

/**
 * A column expression. `frame` is the data frame its columns come from; undefined for an
 * expression of constants and functions alone (`px.DurationNanos(10 * ns_per_s)`).
 */
export interface ColumnValue {
  readonly kind: 'column';
  readonly frame: Frame | undefined;
  readonly expr: Expr;
}

/** Inside an agg lambda: an expression over aggregates (`px.mean(x) / 1e6`). */
export interface AggExprValue {
  readonly kind: 'aggexpr';
  readonly expr: Expr;
  readonly aggs: readonly AggregateSpec[];
  /** The frame each aggregate's input comes from, in the order of `aggs`. */
  readonly frames: readonly (Frame | undefined)[];
}

export interface GroupedValue {
  readonly kind: 'grouped';
  readonly frame: Frame;
  readonly keys: readonly string[];
  readonly span: Span;
}

/** `df.ctx`: subscripted with a metadata key. */
export interface CtxValue {
  readonly kind: 'ctx';
  readonly frame: Frame;
}

/** A user function or lambda with the scope it was defined in. */
export interface FunctionValue {
  readonly kind: 'function';
  readonly name: string;
  readonly node: FunctionDef | Lambda;
  readonly closure: Scope;
}

export interface CallArgs {
  readonly positional: readonly Value[];
  readonly keywords: ReadonlyMap<string, Value>;
  /** Spans of the arguments, positional first, then keywords by name. */
  readonly spans: readonly Span[];
  readonly keywordSpans: ReadonlyMap<string, Span>;
  readonly span: Span;
}

/** A function implemented by the compiler: px.DataFrame, px.display, df.groupby, ... */
export interface BuiltinValue {
  readonly kind: 'builtin';
  readonly name: string;
  readonly call: (args: CallArgs) => Value;
}

/** `px`, `px.otel`, `px.vis`: names resolved through a Map. */
export interface NamespaceValue {
  readonly kind: 'namespace';
  readonly name: string;
  readonly member: (name: string) => Value | undefined;
  readonly names: () => readonly string[];
}

/** An aggregate as an agg() tuple names it: `px.count`, or `px.quantiles(0.99)` with its level. */
export interface AggFnValue {
  readonly kind: 'aggfn';
  readonly fn: string;
  readonly args: readonly number[];
}

/** A type annotation: `str`, `int`, `px.Service`, `px.DataFrame`. */
export interface TypeValue {
  readonly kind: 'type';
  readonly name: string;
}

/** Accepted and ignored: OTel export descriptions, vis decorators. */
export interface OpaqueValue {
  readonly kind: 'opaque';
  readonly what: string;
}

/** Variables of one function call or of the module; lookups fall back to the parent. */
export class Scope {
  private readonly values = new Map<string, Value>();
  constructor(readonly parent: Scope | undefined) {}

  lookup(name: string): Value | undefined {
    return this.values.get(name) ?? this.parent?.lookup(name);
  }

  set(name: string, value: Value): void {
    this.values.set(name, value);
  }

  names(): string[] {
    return [...this.values.keys(), ...(this.parent?.names() ?? [])];
  }
}

export function constant(value: number | string | boolean, float = false): ConstValue {
  if (typeof value === 'string') return { kind: 'const', type: 'STRING', value };
  if (typeof value === 'boolean') return { kind: 'const', type: 'BOOLEAN', value };
  return { kind: 'const', type: float || !Number.isInteger(value) ? 'FLOAT64' : 'INT64', value };
}

export function literal(value: ConstValue, span: Span): Literal {
  return { kind: 'Literal', type: value.type, value: value.value, span } as Literal;
}

/** How a value is named in messages: "a string", "a DataFrame". */
export function describe(value: Value): string {
  switch (value.kind) {
    case 'const':
      return CONST_NAMES[value.type];
    case 'frame':
      return 'a DataFrame';
    case 'column':
      return value.frame === undefined ? 'an expression' : 'a column';
    default:
      return KIND_NAMES[value.kind];
  }
}

const CONST_NAMES: Record<ConstType, string> = {
  INT64: 'an integer',
  FLOAT64: 'a float',
  STRING: 'a string',
  BOOLEAN: 'a boolean',
};

const KIND_NAMES: Record<Exclude<Value['kind'], 'const' | 'frame' | 'column'>, string> = {
  error: 'an invalid value',
  none: 'None',
  list: 'a list',
  tuple: 'a tuple',
  dict: 'a dict',
  aggexpr: 'an aggregate expression',
  grouped: 'a grouped DataFrame',
  ctx: 'df.ctx',
  function: 'a function',
  builtin: 'a function',
  namespace: 'a module',
  aggfn: 'an aggregate function',
  type: 'a type',
  opaque: 'an export description',
};
