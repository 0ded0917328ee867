import type { SemanticType } from '../../store/index.js';
import type { Vector } from '../exec/vector.js';
import type { DataType, ScalarValue } from '../plan/types.js';

/** What binding knows about one argument of a call. */
export interface ArgInfo {
  readonly type: DataType;
  readonly semantic: SemanticType;
  /** The value, when the argument is a constant (a literal or a call folded from literals). */
  readonly value?: ScalarValue;
  /** The items, when the argument is a list literal (`type` is then the items' type). */
  readonly items?: readonly ScalarValue[];
}

/** Per-query values functions may read. */
export interface EvalContext {
  /** `px.now()`: fixed for the whole query so every row sees the same instant. */
  readonly nowNs: bigint;
}

/** A scalar function bound to its argument types. */
export interface BoundScalar {
  readonly type: DataType;
  readonly semantic: SemanticType;
  /**
   * Computes the result for `rows` rows. List arguments arrive as placeholders: a function
   * taking a list reads its items from the ArgInfo it was bound with.
   */
  evaluate(args: readonly Vector[], rows: number, ctx: EvalContext): Vector;
}

export interface ScalarFunction {
  readonly name: string;
  /** One line for `px.GetUDFList()`-style listings and error hints. */
  readonly summary: string;
  /** The implementation for these arguments, or a sentence saying what is wrong with them. */
  bind(args: readonly ArgInfo[]): BoundScalar | string;
}

/**
 * Partial aggregate results for many groups, the vectorized form of init/add/merge: states
 * live in typed arrays indexed by group id, so adding a batch is one loop and partial results
 * computed apart (per chunk, per node) can be merged group by group.
 */
export interface GroupStates {
  /** Makes room for groups [0, groupCount); groups not seen before start empty. */
  init(groupCount: number): void;
  /** Folds row i of `input` into group `groupIds[i]`, for i < rows. */
  add(groupIds: Int32Array, input: Vector, rows: number): void;
  /** Folds group `from` of `other` (states of the same bound aggregate) into group `into`. */
  merge(into: number, other: GroupStates, from: number): void;
}

/** An aggregate bound to its input type and constant arguments. */
export interface BoundAggregate {
  readonly type: DataType;
  readonly semantic: SemanticType;
  /**
   * Aggregates with equal keys over the same input share one GroupStates: p50 and p99 of
   * the latency feed one sketch.
   */
  readonly stateKey: string;
  createStates(): GroupStates;
  /**
   * Called once per output with the states it will finalize, before rows are added: lets
   * aggregates sharing states say what they will ask for (the quantile levels).
   */
  attach?(states: GroupStates): void;
  /** The result column for groups [0, groupCount). */
  finalize(states: GroupStates, groupCount: number): Vector;
}

export interface AggregateFunction {
  readonly name: string;
  readonly summary: string;
  bind(input: ArgInfo, args: readonly number[]): BoundAggregate | string;
}

/**
 * A function met a value it cannot handle at run time. The expression binder turns it into a
 * PxlRuntimeError pointing at the call.
 */
export class FunctionError extends Error {
  override name = 'FunctionError';
}
