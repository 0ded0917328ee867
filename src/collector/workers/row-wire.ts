import { TABLES, type ColumnInput, type ColumnType, type RowBatch } from '../../store/index.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Rows for the trip from a parser worker to the main thread. Structured clone copies a plain
 * array element by element; numeric and time columns become typed arrays instead, whose
 * buffers are transferred (added to `transfer`). The store reads them like the arrays they
 * replace (BOOLEAN cells as 0/1, as it stores them). STRING and UINT128 columns stay arrays.
 */
export function packBatch(table: string, batch: RowBatch, transfer: ArrayBuffer[]): RowBatch {
  const schema = TABLES.get(table);
  if (schema === undefined) return batch;
  const columns: Record<string, ColumnInput> = { ...batch.columns };
  for (const spec of schema.columns) {
    const input = batch.columns[spec.name];
    const packed = input === undefined ? undefined : packColumn(spec.type, input);
    if (packed === undefined) continue;
    columns[spec.name] = packed;
    transfer.push(packed.buffer as ArrayBuffer);
  }
  return { length: batch.length, columns };
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
  const out = new BigInt64Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const value = input[i] as bigint;
    if (value < INT64_MIN || value > INT64_MAX) return undefined;
    out[i] = value;
  }
  return out;
}
