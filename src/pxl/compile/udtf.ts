import {
  column,
  Table,
  type CellValue,
  type ColumnInput,
  type TableSchema,
  type TableSnapshot,
} from '../../store/index.js';
import type { TableSource } from '../exec/index.js';
import type { Scan } from '../plan/nodes.js';
import type { CompileContext } from './context.js';
import { ERROR, type CallArgs, type Value } from './values.js';

/**
 * Table-returning functions (Pixie's UDTFs): `px.GetSchemas()`, `px.GetTables()`. Each is a
 * virtual table of the query's table source, named `__px_udtf_<Name>`, whose rows are
 * computed from the tables the source declares when a query first reads it. A call compiles
 * to a plain Scan of it, so the result is an ordinary DataFrame (filter, merge, display) and
 * neither the plan nor the engine needs anything new.
 */
interface Udtf {
  readonly schema: TableSchema;
  rows(source: TableSource): Record<string, CellValue[]>;
}

const PREFIX = '__px_udtf_';

const text = (name: string, description: string) => column(name, 'STRING', description);

/** The tables a script can read, by name, without the query's own hidden tables. */
function tables(source: TableSource): TableSchema[] {
  return source
    .tableNames()
    .filter((name) => !name.startsWith('__px_'))
    .flatMap((name) => source.schema(name) ?? []);
}

const UDTFS: ReadonlyMap<string, Udtf> = new Map<string, Udtf>([
  [
    'GetSchemas',
    {
      schema: {
        name: `${PREFIX}GetSchemas`,
        description: 'Every column of every table.',
        columns: [
          text('table_name', 'The table.'),
          text('column_name', 'The column.'),
          text('column_type', 'Its value type: INT64, FLOAT64, STRING, TIME64NS, ...'),
          text('pattern_type', 'How its values behave: GENERAL, METRIC_COUNTER, ...'),
          text('column_desc', 'What it holds.'),
        ],
      },
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
    },
  ],
  [
    'GetTables',
    {
      schema: {
        name: `${PREFIX}GetTables`,
        description: 'Every table.',
        columns: [text('table_name', 'The table.'), text('table_desc', 'What it holds.')],
      },
      rows: (source) => {
        const all = tables(source);
        return { table_name: all.map((t) => t.name), table_desc: all.map((t) => t.description) };
      },
    },
  ],
]);

function udtfOfTable(table: string): Udtf | undefined {
  return table.startsWith(PREFIX) ? UDTFS.get(table.slice(PREFIX.length)) : undefined;
}

export function udtfNames(): string[] {
  return [...UDTFS.keys()];
}

export function udtfSchema(table: string): TableSchema | undefined {
  return udtfOfTable(table)?.schema;
}

/** The virtual table's rows, computed from `source`; undefined for other tables. */
export function udtfSnapshot(table: string, source: TableSource): TableSnapshot | undefined {
  const udtf = udtfOfTable(table);
  if (udtf === undefined) return undefined;
  const columns = udtf.rows(source);
  const length = columns[udtf.schema.columns[0]?.name ?? '']?.length ?? 0;
  const result = new Table(udtf.schema, Math.max(length, 1));
  result.append({ length, columns: columns as Record<string, ColumnInput> });
  return result.snapshot();
}

/** `px.GetSchemas()`: a DataFrame scanning the virtual table. */
export function udtfFrame(ctx: CompileContext, name: string, args: CallArgs): Value {
  if (args.positional.length > 0 || args.keywords.size > 0) {
    return ctx.report('arity', `px.${name}() takes no arguments`, args.span);
  }
  const scan: Scan = { kind: 'Scan', table: `${PREFIX}${name}`, span: args.span };
  const frame = ctx.frame(scan, undefined);
  return frame.relation === undefined ? ERROR : { kind: 'frame', frame };
}
