import type { SemanticType } from '../../store/index.js';
import type { Field, Relation, ScalarValue } from '../plan/types.js';
import type { Batch } from './batch.js';
import type { Vector } from './vector.js';

interface ColumnBase {
  readonly name: string;
  readonly semantic: SemanticType;
}

/**
 * One column of a result, materialized for renderers: numbers in a Float64Array, booleans as
 * 0/1, times as exact ns in a BigInt64Array, strings and upids (128-bit bigints) in arrays.
 */
export type ResultColumn =
  | (ColumnBase & { readonly type: 'INT64' | 'FLOAT64'; readonly values: Float64Array })
  | (ColumnBase & { readonly type: 'BOOLEAN'; readonly values: Uint8Array })
  | (ColumnBase & { readonly type: 'TIME64NS'; readonly values: BigInt64Array })
  | (ColumnBase & { readonly type: 'STRING'; readonly values: readonly string[] })
  | (ColumnBase & { readonly type: 'UINT128'; readonly values: readonly bigint[] });

/** A named output table (`px.display(df, 'name')`). */
export interface ResultTable {
  readonly name: string;
  readonly relation: Relation;
  readonly rowCount: number;
  readonly columns: readonly ResultColumn[];
}

/** One cell in its natural type: number, boolean, bigint (times, upids) or string. */
export function cellValue(column: ResultColumn, row: number): ScalarValue {
  switch (column.type) {
    case 'BOOLEAN':
      return column.values[row] === 1;
    case 'INT64':
    case 'FLOAT64':
      return column.values[row] as number;
    case 'TIME64NS':
      return column.values[row] as bigint;
    case 'STRING':
      return column.values[row] as string;
    case 'UINT128':
      return column.values[row] as bigint;
  }
}

/** Concatenates batches into result columns. */
export function materialize(
  name: string,
  relation: Relation,
  batches: readonly Batch[],
): ResultTable {
  const rowCount = batches.reduce((n, b) => n + b.length, 0);
  const columns = relation.map((field, c) =>
    materializeColumn(
      field,
      batches.map((b) => b.column(c)),
      batches,
      rowCount,
    ),
  );
  return { name, relation, rowCount, columns };
}

function materializeColumn(
  field: Field,
  vectors: readonly Vector[],
  batches: readonly Batch[],
  rows: number,
): ResultColumn {
  const base = { name: field.name, semantic: field.semantic };
  const each = (write: (v: Vector, row: number, at: number) => void): void => {
    let at = 0;
    vectors.forEach((v, b) => {
      const length = (batches[b] as Batch).length;
      for (let r = 0; r < length; r++) write(v, r, at++);
    });
  };
  switch (field.type) {
    case 'INT64':
    case 'FLOAT64': {
      const values = new Float64Array(rows);
      each((v, r, at) => (values[at] = lane(v, r)));
      return { ...base, type: field.type, values };
    }
    case 'BOOLEAN': {
      const values = new Uint8Array(rows);
      each((v, r, at) => (values[at] = lane(v, r)));
      return { ...base, type: field.type, values };
    }
    case 'TIME64NS': {
      const values = new BigInt64Array(rows);
      each((v, r, at) => (values[at] = (v as { baseNs: bigint }).baseNs + BigInt(lane(v, r))));
      return { ...base, type: field.type, values };
    }
    case 'STRING':
    case 'UINT128': {
      const values: (string | bigint)[] = new Array<string | bigint>(rows);
      each((v, r, at) => {
        const dict = v as { codes: number | ArrayLike<number>; dict: readonly (string | bigint)[] };
        const code = typeof dict.codes === 'number' ? dict.codes : (dict.codes[r] as number);
        values[at] = dict.dict[code] as string | bigint;
      });
      return { ...base, type: field.type, values } as ResultColumn;
    }
  }
}

function lane(v: Vector, row: number): number {
  if (v.kind !== 'number' && v.kind !== 'time')
    throw new TypeError(`expected numbers, got ${v.kind}`);
  return typeof v.lane === 'number' ? v.lane : (v.lane[row] as number);
}
