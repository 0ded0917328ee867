import type { ColumnType, SemanticType } from '../../store/index.js';

/**
 * Value types of the engine: the store's physical types. Pixie's quantiles are a STRING
 * holding JSON (semantic type ST_QUANTILES), so no extra value kind is needed.
 */
export type DataType = ColumnType;

/** One output column of a plan node. */
export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly semantic: SemanticType;
}

/** The columns a plan node produces, in order. */
export type Relation = readonly Field[];

/**
 * One value outside a column: a literal, a constant argument, a list item. TIME64NS and
 * UINT128 are bigints (exact ns, 128-bit upids); INT64 and FLOAT64 are numbers.
 */
export type ScalarValue = number | bigint | string | boolean;

export function fieldIndex(relation: Relation, name: string): number {
  return relation.findIndex((f) => f.name === name);
}

export function isNumeric(type: DataType): boolean {
  return type === 'INT64' || type === 'FLOAT64' || type === 'BOOLEAN';
}
