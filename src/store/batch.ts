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

/** Rows a builder makes room for before its first batch. */
const MIN_CAPACITY = 64;
/**
 * Room for the next batch is the last one's size and a quarter, up to this: V8 keeps
 * `new Array(n)` in fast storage only up to some 16k elements. A bigger batch grows its
 * columns as it goes.
 */
const MAX_CAPACITY = 8192;

/** How a column's cells are held while rows are collected. */
type Cells =
  /** INT64 and FLOAT64: a Float64Array, with no boxed numbers and no pointers for the GC. */
  | 'numbers'
  /**
   * TIME64NS: a BigInt64Array. Writing a bigint into it allocates nothing, and the store reads
   * the times back as 32-bit halves (TimeBuilder) without making a bigint per row.
   */
  | 'times'
  /** Everything else: an array. */
  | 'values';

function cellsOf(type: ColumnType): Cells {
  if (type === 'INT64' || type === 'FLOAT64') return 'numbers';
  return type === 'TIME64NS' ? 'times' : 'values';
}

/** The range of a TIME64NS value (a signed 64-bit count of nanoseconds). */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

type CellColumn = Float64Array | BigInt64Array | CellValue[];

/**
 * Collects rows one at a time and hands them over as a RowBatch; absent cells get defaults.
 *
 * Rows are written into room made up front, sized after the batch taken before: arrays filled
 * by push are copied again each time they grow, and in a capture ingest that garbage was a
 * sixth of every byte allocated. Number and time columns are typed arrays (see Cells); the
 * other columns are arrays.
 */
export class BatchBuilder {
  private readonly names: readonly string[];
  private readonly defaults: readonly CellValue[];
  private readonly cells: readonly Cells[];
  private columns: CellColumn[];
  private capacity = MIN_CAPACITY;
  private rows = 0;

  constructor(readonly schema: TableSchema) {
    this.names = schema.columns.map((spec) => spec.name);
    this.defaults = schema.columns.map((spec) => DEFAULT_CELL[spec.type]);
    this.cells = schema.columns.map((spec) => cellsOf(spec.type));
    this.columns = this.emptyColumns();
  }

  get length(): number {
    return this.rows;
  }

  push(row: Readonly<Record<string, CellValue | undefined>>): void {
    const at = this.startRow();
    const names = this.names;
    for (let i = 0; i < names.length; i++) this.setCell(i, at, row[names[i] as string]);
  }

  /**
   * One row given cell by cell in schema column order (a caller can reuse one array for every
   * row instead of building an object per row).
   */
  pushCells(cells: ArrayLike<CellValue | undefined>): void {
    const row = this.startRow();
    for (let i = 0; i < this.names.length; i++) this.setCell(i, row, cells[i]);
  }

  /**
   * Adds a row for the caller to fill with `setCell`, every column once before the next row
   * or `take` (a producer that knows each cell's column writes it straight into its column).
   */
  startRow(): number {
    if (this.rows === this.capacity) this.grow();
    return this.rows++;
  }

  /**
   * Writes one cell of a row from `startRow` (undefined: the type's zero value). A time beyond
   * the 64-bit range (only a corrupt capture has one) is held at the nearest end of it.
   */
  setCell(column: number, row: number, value: CellValue | undefined): void {
    const cell: CellValue = value ?? (this.defaults[column] as CellValue);
    const cells = this.cells[column];
    if (cells === 'numbers') (this.columns[column] as Float64Array)[row] = cell as number;
    else if (cells === 'times') (this.columns[column] as BigInt64Array)[row] = toInt64(cell);
    else (this.columns[column] as CellValue[])[row] = cell;
  }

  /** Returns the rows collected so far and starts empty again. */
  take(): RowBatch {
    const rows = this.rows;
    const columns: Record<string, ColumnInput> = {};
    this.names.forEach((name, i) => {
      const column = this.columns[i] as CellColumn;
      if (!Array.isArray(column)) {
        columns[name] = column.subarray(0, rows);
      } else {
        column.length = rows; // drops the room left unused
        columns[name] = column as ColumnInput;
      }
    });
    this.capacity = Math.min(Math.max(rows + (rows >> 2), MIN_CAPACITY), MAX_CAPACITY);
    this.columns = this.emptyColumns();
    this.rows = 0;
    return { length: rows, columns };
  }

  /** Doubles the room: typed columns are copied over; arrays grow as they are written past. */
  private grow(): void {
    this.capacity *= 2;
    this.columns = this.columns.map((column) => {
      if (column instanceof Float64Array) {
        const wider = new Float64Array(this.capacity);
        wider.set(column);
        return wider;
      }
      if (column instanceof BigInt64Array) {
        const wider = new BigInt64Array(this.capacity);
        wider.set(column);
        return wider;
      }
      return column;
    });
  }

  private emptyColumns(): CellColumn[] {
    return this.cells.map((cells) => {
      if (cells === 'numbers') return new Float64Array(this.capacity);
      if (cells === 'times') return new BigInt64Array(this.capacity);
      return new Array<CellValue>(this.capacity);
    });
  }
}

function toInt64(cell: CellValue): bigint {
  const time = cell as bigint;
  if (time < INT64_MIN) return INT64_MIN;
  return time > INT64_MAX ? INT64_MAX : time;
}
