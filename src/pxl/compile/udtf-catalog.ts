import { column, type CellValue, type TableSchema } from '../../store/index.js';
import type { TableSource } from '../exec/index.js';
import { aggregateOverloads, scalarOverloads, type Overload } from '../functions/overloads.js';
import { aggregateFunctions, scalarFunctions } from '../functions/registry.js';
import { metadataFunction, publicMetadataNames } from './metadata-functions.js';
import type { Udtf } from './udtf.js';

/**
 * The UDTFs that describe px itself: its tables (px.GetSchemas, px.GetTables) and its
 * functions (px.GetUDFList, px.GetUDAList), read from the table source's schemas and the
 * function registries, so they list exactly what a script can use.
 */

const text = (name: string, description: string) => column(name, 'STRING', description);

/** The tables a script can read, by name, without the query's own hidden tables. */
function tables(source: TableSource): TableSchema[] {
  return source
    .tableNames()
    .filter((name) => !name.startsWith('__px_'))
    .flatMap((name) => source.schema(name) ?? []);
}

export const GET_SCHEMAS: Udtf = {
  name: 'GetSchemas',
  description: 'Every column of every table.',
  columns: [
    text('table_name', 'The table.'),
    text('column_name', 'The column.'),
    text('column_type', 'Its value type: INT64, FLOAT64, STRING, TIME64NS, ...'),
    text('pattern_type', 'How its values behave: GENERAL, METRIC_COUNTER, ...'),
    text('column_desc', 'What it holds.'),
  ],
  rows: (source) => {
    const columns = tables(source).flatMap((t) => t.columns.map((c) => ({ t, c })));
    return {
      table_name: columns.map(({ t }) => t.name),
      column_name: columns.map(({ c }) => c.name),
      column_type: columns.map(({ c }) => c.type),
      pattern_type: columns.map(({ c }) => c.pattern),
      column_desc: columns.map(({ c }) => c.description),
    };
  },
};

export const GET_TABLES: Udtf = {
  name: 'GetTables',
  description: 'Every table.',
  columns: [text('table_name', 'The table.'), text('table_desc', 'What it holds.')],
  rows: (source) => {
    const all = tables(source);
    return { table_name: all.map((t) => t.name), table_desc: all.map((t) => t.description) };
  },
};

const FUNCTION_COLUMNS = (kind: string) => [
  text('name', `The name of the ${kind}.`),
  text('return_type', `The type it returns.`),
  text('args', 'Its argument types, as JSON {"args": [...]} (one row per accepted list).'),
];

/** One row per overload, by name; names starting with `_` are internal, as in Pixie. */
function overloadRows(functions: { name: string; overloads: Overload[] }[]) {
  const rows = functions
    .filter((f) => !f.name.startsWith('_'))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((f) => f.overloads.map((o) => ({ name: f.name, ...o })));
  return {
    name: rows.map((r) => r.name),
    return_type: rows.map((r) => r.result),
    args: rows.map((r) => JSON.stringify({ args: r.args })),
  } satisfies Record<string, CellValue[]>;
}

let udfs: ReturnType<typeof overloadRows> | undefined;

export const GET_UDF_LIST: Udtf = {
  name: 'GetUDFList',
  description: 'Every scalar function with the argument types it accepts.',
  columns: FUNCTION_COLUMNS('scalar function'),
  rows: () => {
    // The registries do not change while px runs: probing them once is enough.
    udfs ??= overloadRows([
      ...scalarFunctions().map((f) => ({ name: f.name, overloads: scalarOverloads(f) })),
      ...publicMetadataNames().map((name) => {
        const spec = metadataFunction(name);
        return {
          name,
          overloads: spec === undefined ? [] : [{ args: spec.params, result: spec.result }],
        };
      }),
    ]);
    return udfs;
  },
};

export const GET_UDA_LIST: Udtf = {
  name: 'GetUDAList',
  description: 'Every aggregate function with the input types it accepts.',
  columns: FUNCTION_COLUMNS('aggregate'),
  rows: () =>
    overloadRows(
      aggregateFunctions().map((f) => ({ name: f.name, overloads: aggregateOverloads(f) })),
    ),
};
