import type { Span } from '../syntax/span.js';
import type { Expr } from './expr.js';

/**
 * The logical plan: a tree (or DAG: a node may feed several parents) of plain objects. A
 * compiler builds it from the checked syntax tree; `checkPlan` infers every node's columns
 * and `executeQuery` runs it. Node objects are never mutated after construction.
 */
export type PlanNode = Scan | Filter | MapNode | Project | Drop | Agg | Limit | Join | Union | Sort;

interface NodeBase {
  /** Where the operation was written, for error messages. */
  readonly span?: Span;
}

/**
 * Reads a table's snapshot. Times are absolute Unix ns, both ends inclusive; a compiler
 * resolves relative times ('-5m') against the query's clock before building the node.
 */
export interface Scan extends NodeBase {
  readonly kind: 'Scan';
  readonly table: string;
  readonly startNs?: bigint;
  readonly endNs?: bigint;
  /** Columns to keep, in this order; all columns when absent. */
  readonly select?: readonly string[];
}

/** Keeps rows whose BOOLEAN predicate is true. */
export interface Filter extends NodeBase {
  readonly kind: 'Filter';
  readonly input: PlanNode;
  readonly predicate: Expr;
}

/**
 * Adds or replaces columns, keeping all others. Assignments apply in order, each seeing the
 * ones before it; replacing a column keeps its position, a new column goes last.
 */
export interface MapNode extends NodeBase {
  readonly kind: 'Map';
  readonly input: PlanNode;
  readonly assignments: readonly Assignment[];
}

export interface Assignment {
  readonly name: string;
  readonly expr: Expr;
  readonly span?: Span;
}

/** Keeps the named columns, in the order given. */
export interface Project extends NodeBase {
  readonly kind: 'Project';
  readonly input: PlanNode;
  readonly columns: readonly string[];
}

export interface Drop extends NodeBase {
  readonly kind: 'Drop';
  readonly input: PlanNode;
  readonly columns: readonly string[];
}

/**
 * Groups rows by the `groupBy` columns (none: one group over all rows) and computes each
 * aggregate per group. Output: the group columns, then the aggregates, in order.
 */
export interface Agg extends NodeBase {
  readonly kind: 'Agg';
  readonly input: PlanNode;
  readonly groupBy: readonly string[];
  readonly aggregates: readonly AggregateSpec[];
}

/**
 * One output column of an Agg: `fn` (registry name: count, sum, mean, min, max, any,
 * quantiles) over `input` evaluated per row. `args` are the aggregate's constant parameters:
 * `quantiles` with `[0.99]` gives one number (the course dialect's `px.quantiles(0.99)`);
 * without args it gives Pixie's JSON of p01..p99.
 */
export interface AggregateSpec {
  readonly name: string;
  readonly fn: string;
  readonly input: Expr;
  readonly args?: readonly number[];
  readonly span?: Span;
}

export interface Limit extends NodeBase {
  readonly kind: 'Limit';
  readonly input: PlanNode;
  readonly n: number;
}

export type JoinHow = 'inner' | 'left' | 'right' | 'outer';

/**
 * Equi-join. Output: the left columns then the right columns; a name present on both sides
 * gets `suffixes[0]` on the left and `suffixes[1]` on the right (join keys included, as in
 * Pixie). Rows without a partner get each type's zero value (0, '', false, time 0).
 */
export interface Join extends NodeBase {
  readonly kind: 'Join';
  readonly left: PlanNode;
  readonly right: PlanNode;
  readonly how: JoinHow;
  readonly leftOn: readonly string[];
  readonly rightOn: readonly string[];
  readonly suffixes: readonly [string, string];
}

/**
 * Rows of every input, which must have the same column names and types (any order; output
 * follows the first input). When the relation has a `time_` column the rows are ordered by
 * it, as Pixie's union does.
 */
export interface Union extends NodeBase {
  readonly kind: 'Union';
  readonly inputs: readonly PlanNode[];
}

/**
 * Orders rows by `keys` (the course dialect's `df.sort`); stable. `ascending` applies to all
 * keys, or one flag per key. NaN sorts last.
 */
export interface Sort extends NodeBase {
  readonly kind: 'Sort';
  readonly input: PlanNode;
  readonly keys: readonly string[];
  readonly ascending: boolean | readonly boolean[];
}

/** A query: one or more named outputs (`px.display(df, 'name')`), run on one snapshot. */
export interface QueryPlan {
  readonly outputs: readonly OutputSpec[];
}

export interface OutputSpec {
  readonly name: string;
  readonly plan: PlanNode;
}
