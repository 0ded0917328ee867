/**
 * Table schemas are declared once, as data. The store allocates columns from them, PxL checks
 * column names and types against them, `px script show` prints them, and the CLI and TUI pick a
 * value formatter from each column's semantic type.
 */

/** Physical types, with Pixie's names so scripts and docs read the same. */
export type ColumnType = 'TIME64NS' | 'INT64' | 'UINT128' | 'FLOAT64' | 'STRING' | 'BOOLEAN';

/** Semantic types: they change how a value is shown and which functions accept it, never its bits. */
export type SemanticType =
  | 'ST_NONE'
  | 'ST_UPID'
  | 'ST_IP_ADDRESS'
  | 'ST_PORT'
  | 'ST_DURATION_NS'
  | 'ST_BYTES'
  | 'ST_PERCENT'
  | 'ST_HTTP_REQ_METHOD'
  | 'ST_HTTP_RESP_STATUS'
  | 'ST_HTTP_RESP_MESSAGE'
  | 'ST_POD_NAME'
  | 'ST_SERVICE_NAME'
  | 'ST_THROUGHPUT_PER_NS'
  | 'ST_THROUGHPUT_BYTES_PER_NS'
  | 'ST_QUANTILES'
  | 'ST_DURATION_NS_QUANTILES'
  /** A link to another script: JSON `{"label","script","args"}`, shown as its label. */
  | 'ST_SCRIPT_REFERENCE';

/** How values of a column behave over time (Pixie's PatternType). */
export type ColumnPattern = 'GENERAL' | 'GENERAL_ENUM' | 'METRIC_COUNTER' | 'METRIC_GAUGE';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly semantic: SemanticType;
  readonly pattern: ColumnPattern;
  /** One line, shown by `px script show` and in the TUI's column help. */
  readonly description: string;
  /** For enum columns: the meaning of each integer value. */
  readonly enumValues?: Readonly<Record<number, string>>;
}

export interface TableSchema {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
}

/** Builds a column spec; `semantic` and `pattern` default to the common case. */
export function column(
  name: string,
  type: ColumnType,
  description: string,
  options: {
    semantic?: SemanticType;
    pattern?: ColumnPattern;
    enumValues?: Readonly<Record<number, string>>;
  } = {},
): ColumnSpec {
  return {
    name,
    type,
    description,
    semantic: options.semantic ?? 'ST_NONE',
    pattern: options.pattern ?? (options.enumValues ? 'GENERAL_ENUM' : 'GENERAL'),
    ...(options.enumValues ? { enumValues: options.enumValues } : {}),
  };
}

export function columnIndex(schema: TableSchema, name: string): number {
  return schema.columns.findIndex((c) => c.name === name);
}
