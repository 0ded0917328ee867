import type { ResultColumn, ResultTable } from '../pxl/exec/result.js';
import type { Relation } from '../pxl/plan/types.js';

/**
 * Result tables as JSON for the agent's socket. JSON has no bigint, NaN or Infinity: times and
 * upids travel as decimal strings, non-finite numbers as their names.
 */
export interface WireTable {
  readonly name: string;
  readonly relation: Relation;
  readonly rowCount: number;
  readonly columns: readonly (readonly (number | string)[])[];
}

export function encodeTables(tables: readonly ResultTable[]): WireTable[] {
  return tables.map((t) => ({
    name: t.name,
    relation: t.relation,
    rowCount: t.rowCount,
    columns: t.columns.map(encodeColumn),
  }));
}

function encodeColumn(column: ResultColumn): (number | string)[] {
  switch (column.type) {
    case 'INT64':
    case 'FLOAT64':
      return Array.from(column.values, (n) => (Number.isFinite(n) ? n : String(n)));
    case 'BOOLEAN':
      return Array.from(column.values);
    case 'TIME64NS':
    case 'UINT128':
      return Array.from(column.values, String);
    case 'STRING':
      return [...column.values];
  }
}

/** The tables back; throws on a shape that is not a result (a peer that is not px). */
export function decodeTables(tables: readonly WireTable[]): ResultTable[] {
  return tables.map((t) => ({
    name: t.name,
    relation: t.relation,
    rowCount: t.rowCount,
    columns: t.relation.map((field, c): ResultColumn => {
      const values = t.columns[c];
      if (values?.length !== t.rowCount) throw new Error(`column ${field.name} is malformed`);
      const base = { name: field.name, semantic: field.semantic };
      switch (field.type) {
        case 'INT64':
        case 'FLOAT64':
          return { ...base, type: field.type, values: Float64Array.from(values, Number) };
        case 'BOOLEAN':
          return { ...base, type: 'BOOLEAN', values: Uint8Array.from(values, Number) };
        case 'TIME64NS':
          return { ...base, type: 'TIME64NS', values: BigInt64Array.from(values, BigInt) };
        case 'UINT128':
          return { ...base, type: 'UINT128', values: values.map(BigInt) };
        case 'STRING':
          return { ...base, type: 'STRING', values: values.map(String) };
      }
    }),
  }));
}
