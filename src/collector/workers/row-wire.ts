import {
  INT64_MAX,
  INT64_MIN,
  TABLES,
  type ColumnInput,
  type ColumnType,
  type RowBatch,
} from '../../store/index.js';

/** A column as its distinct values and, per row, the index of its value. */
export interface DictColumn {
  readonly values: readonly (string | bigint)[];
  readonly codes: Uint32Array;
}

/** Rows on their way from a parser worker to the main thread (see packBatch). */
export interface PackedBatch {
  readonly length: number;
  /** Columns that cross as they are: typed arrays (transferred), or arrays when nothing fits. */
  readonly columns: Readonly<Record<string, ColumnInput>>;
  /** STRING and UINT128 columns, dictionary-coded. */
  readonly dicts: Readonly<Record<string, DictColumn>>;
}

/**
 * Rows for the trip from a parser worker to the main thread. Structured clone copies a plain
 * array element by element, and every string in full however often it repeats; instead,
 * numeric and time columns become typed arrays whose buffers are transferred (added to
 * `transfer`), and STRING and UINT128 columns that repeat cross as their distinct values plus
 * a code per row: a response body repeated on every row crosses once. The store reads
 * unpacked columns like the arrays they replace (BOOLEAN cells as 0/1, as it stores them).
 */
export function packBatch(table: string, batch: RowBatch, transfer: ArrayBuffer[]): PackedBatch {
  const types = new Map(TABLES.get(table)?.columns.map((c) => [c.name, c.type]));
  const columns: Record<string, ColumnInput> = {};
  const dicts: Record<string, DictColumn> = {};
  for (const [name, input] of Object.entries(batch.columns)) {
    const type = types.get(name);
    const dict = type === 'STRING' || type === 'UINT128' ? dictionaryCode(input) : undefined;
    const packed = type === undefined ? undefined : packColumn(type, input);
    if (dict !== undefined) {
      dicts[name] = dict;
      transfer.push(dict.codes.buffer as ArrayBuffer);
    } else if (packed !== undefined) {
      columns[name] = packed;
      transfer.push(packed.buffer as ArrayBuffer);
    } else {
      columns[name] = input;
    }
  }
  return { length: batch.length, columns, dicts };
}

/** The rows packBatch packed, as a batch the store appends. */
export function unpackBatch(packed: PackedBatch): RowBatch {
  const columns: Record<string, ColumnInput> = { ...packed.columns };
  for (const [name, { values, codes }] of Object.entries(packed.dicts)) {
    const column = new Array<string | bigint>(codes.length);
    for (let i = 0; i < codes.length; i++)
      column[i] = values[codes[i] as number] as string | bigint;
    columns[name] = column as ArrayLike<string> | ArrayLike<bigint>;
  }
  return { length: packed.length, columns };
}

/** Rows looked at before deciding whether a column repeats enough to be worth coding. */
const PROBE_ROWS = 64;

/**
 * The column as distinct values and codes, or undefined when its first rows are mostly
 * distinct: then every value crosses anyway, and hashing each one would only add work.
 */
function dictionaryCode(column: ColumnInput): DictColumn | undefined {
  const input = column as ArrayLike<string | bigint>;
  const index = new Map<string | bigint, number>();
  const values: (string | bigint)[] = [];
  const codes = new Uint32Array(input.length);
  for (let i = 0; i < input.length; i++) {
    if (i === PROBE_ROWS && values.length > PROBE_ROWS / 2) return undefined;
    const value = input[i] as string | bigint;
    let code = index.get(value);
    if (code === undefined) {
      code = values.length;
      values.push(value);
      index.set(value, code);
    }
    codes[i] = code;
  }
  return { values, codes };
}

function packColumn(
  type: ColumnType,
  input: ColumnInput,
): Float64Array | BigInt64Array | undefined {
  switch (type) {
    case 'INT64':
    case 'FLOAT64':
    case 'BOOLEAN':
      return toFloat64(input as ArrayLike<number | boolean>);
    case 'TIME64NS':
      return toBigInt64(input as ArrayLike<bigint>);
    default:
      return undefined;
  }
}

function toFloat64(input: ArrayLike<number | boolean>): Float64Array {
  const out = new Float64Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = Number(input[i]);
  return out;
}

/** The times as 64-bit integers; undefined when one does not fit (it would wrap). */
function toBigInt64(input: ArrayLike<bigint>): BigInt64Array | undefined {
  // BatchBuilder's time columns already are: copied natively, with no bigint per row.
  if (input instanceof BigInt64Array) return input.slice();
  const out = new BigInt64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i] as bigint;
    if (value < INT64_MIN || value > INT64_MAX) return undefined;
    out[i] = value;
  }
  return out;
}
