import type { ColumnInput } from './column/builders.js';
import type { ColumnSpec, ColumnType, TableSchema } from './schema/types.js';
import { StoreError } from './errors.js';

/**
 * Rows for one table in column form: every schema column by name, each `length` long.
 * TIME64NS and UINT128 columns carry bigints, STRING strings, BOOLEAN booleans or 0/1, and
 * INT64/FLOAT64 numbers.
 */
export interface RowBatch {
  readonly length: number;
  readonly columns: Readonly<Record<string, ColumnInput>>;
}

/** One cell as a row-oriented producer writes it. */
export type CellValue = bigint | number | string | boolean;

const EXPECTED_TYPEOF: Record<ColumnType, readonly string[]> = {
  TIME64NS: ['bigint'],
  UINT128: ['bigint'],
  STRING: ['string'],
  BOOLEAN: ['boolean', 'number'],
  INT64: ['number'],
  FLOAT64: ['number'],
};

/**
 * Checks that a batch has every column with the right length and element type. Only the first
 * and last element are type-checked: batches come from our own producers, and a full scan per
 * append would cost more than the append itself.
 */
export function validateBatch(schema: TableSchema, batch: RowBatch): void {
  for (const spec of schema.columns) {
    const input = batch.columns[spec.name];
    if (input === undefined) {
      throw new StoreError(`${schema.name}: batch has no column "${spec.name}"`);
    }
    if (input.length !== batch.length) {
      throw new StoreError(
        `${schema.name}.${spec.name}: ${input.length} values for a batch of ${batch.length} rows`,
      );
    }
    if (batch.length > 0) {
      checkElement(schema, spec, input[0]);
      checkElement(schema, spec, input[batch.length - 1]);
    }
  }
}

function checkElement(schema: TableSchema, spec: ColumnSpec, value: unknown): void {
  if (!EXPECTED_TYPEOF[spec.type].includes(typeof value)) {
    throw new StoreError(
      `${schema.name}.${spec.name} is ${spec.type}: got a ${typeof value} value (${String(value)})`,
    );
  }
}

const DEFAULT_CELL: Record<ColumnType, CellValue> = {
  TIME64NS: 0n,
  UINT128: 0n,
  STRING: '',
  BOOLEAN: false,
  INT64: 0,
  FLOAT64: 0,
};

/** Collects rows one at a time and hands them over as a RowBatch; absent cells get defaults. */
export class BatchBuilder {
  private readonly columns: CellValue[][];
  private readonly names: readonly string[];
  private readonly defaults: readonly CellValue[];
  private rows = 0;

  constructor(readonly schema: TableSchema) {
    this.columns = schema.columns.map(() => []);
    this.names = schema.columns.map((spec) => spec.name);
    this.defaults = schema.columns.map((spec) => DEFAULT_CELL[spec.type]);
  }

  get length(): number {
    return this.rows;
  }

  push(row: Readonly<Record<string, CellValue | undefined>>): void {
    const { columns, names, defaults } = this;
    for (let i = 0; i < columns.length; i++) {
      (columns[i] as CellValue[]).push(row[names[i] as string] ?? (defaults[i] as CellValue));
    }
    this.rows++;
  }

  /**
   * One row given cell by cell in schema column order (a caller can reuse one array for every
   * row instead of building an object per row).
   */
  pushCells(cells: ArrayLike<CellValue | undefined>): void {
    const { columns, defaults } = this;
    for (let i = 0; i < columns.length; i++) {
      (columns[i] as CellValue[]).push(cells[i] ?? (defaults[i] as CellValue));
    }
    this.rows++;
  }

  /** Returns the rows collected so far and starts empty again. */
  take(): RowBatch {
    const columns: Record<string, ColumnInput> = {};
    this.names.forEach((name, i) => {
      columns[name] = this.columns[i] as ColumnInput;
      this.columns[i] = [];
    });
    const batch = { length: this.rows, columns };
    this.rows = 0;
    return batch;
  }
}
