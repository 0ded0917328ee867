import {
  column,
  Table,
  type CellValue,
  type ColumnInput,
  type ColumnSpec,
  type TableSchema,
  type TableSnapshot,
} from '../../store/index.js';
import type { TableSource } from '../exec/index.js';
import type { Scan } from '../plan/nodes.js';
import { bindArgs, boolValue, hasError, wrongType } from './args.js';
import type { CompileContext } from './context.js';
import { GET_AGENT_STATUS, GET_TRACEPOINT_STATUS } from './udtf-agent.js';
import { GET_SCHEMAS, GET_TABLES, GET_UDA_LIST, GET_UDF_LIST } from './udtf-catalog.js';
import { ERROR, type CallArgs, type Value } from './values.js';

/**
 * Table-returning functions (Pixie's UDTFs): `px.GetSchemas()`, `px.GetAgentStatus()`, ...
 * Each is a virtual table of the query's table source, named `__px_udtf_<Name>`, whose rows
 * are computed when a query first reads it. A call compiles to a plain Scan of it, so the
 * result is an ordinary DataFrame (filter, merge, display) and neither the plan nor the
 * engine needs anything new.
 */
export interface Udtf {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
  /** Pixie's keyword arguments (BOOLEAN ones); checked, though px's rows never depend on them. */
  readonly params?: readonly UdtfParam[];
  rows(source: TableSource): Record<string, CellValue[]>;
}

export interface UdtfParam {
  readonly name: string;
  readonly defaultValue: boolean;
  readonly description: string;
}

const PREFIX = '__px_udtf_';

/** Pixie runs these once for the query, not per agent; px has the one process anyway. */
const EXECUTOR = 'UDTF_ONE_KELVIN';

const GET_UDTF_LIST: Udtf = {
  name: 'GetUDTFList',
  description: 'Every table-returning function.',
  columns: [
    column('name', 'STRING', 'The name of the UDTF.'),
    column('executor', 'STRING', 'Where Pixie runs it.'),
    column('init_args', 'STRING', 'Its arguments, as JSON {"args": [{name, type, stype, desc}]}.'),
    column(
      'output_relation',
      'STRING',
      'Its columns, as JSON {"relation": [{name, type, ptype, desc}]}.',
    ),
  ],
  rows: () => {
    const all = [...UDTFS.values()];
    return {
      name: all.map((u) => u.name),
      executor: all.map(() => EXECUTOR),
      init_args: all.map((u) => JSON.stringify({ args: (u.params ?? []).map(describeParam) })),
      output_relation: all.map((u) =>
        JSON.stringify({
          relation: u.columns.map((c) => ({
            name: c.name,
            type: c.type,
            ptype: c.pattern,
            desc: c.description,
          })),
        }),
      ),
    };
  },
};

function describeParam(p: UdtfParam) {
  return { name: p.name, type: 'BOOLEAN', stype: 'ST_NONE', desc: p.description };
}

const UDTFS: ReadonlyMap<string, Udtf> = new Map(
  [
    GET_SCHEMAS,
    GET_TABLES,
    GET_AGENT_STATUS,
    GET_UDF_LIST,
    GET_UDA_LIST,
    GET_UDTF_LIST,
    GET_TRACEPOINT_STATUS,
  ].map((u) => [u.name, u]),
);

function udtfOfTable(table: string): Udtf | undefined {
  return table.startsWith(PREFIX) ? UDTFS.get(table.slice(PREFIX.length)) : undefined;
}

export function udtfNames(): string[] {
  return [...UDTFS.keys()];
}

export function udtfSchema(table: string): TableSchema | undefined {
  const udtf = udtfOfTable(table);
  return udtf === undefined
    ? undefined
    : { name: table, description: udtf.description, columns: udtf.columns };
}

/** The virtual table's rows, computed from `source`; undefined for other tables. */
export function udtfSnapshot(table: string, source: TableSource): TableSnapshot | undefined {
  const udtf = udtfOfTable(table);
  const schema = udtfSchema(table);
  if (udtf === undefined || schema === undefined) return undefined;
  const columns = udtf.rows(source);
  const length = columns[udtf.columns[0]?.name ?? '']?.length ?? 0;
  const result = new Table(schema, Math.max(length, 1));
  result.append({ length, columns: columns as Record<string, ColumnInput> });
  return result.snapshot();
}

/** `px.GetSchemas()`: a DataFrame scanning the virtual table. */
export function udtfFrame(ctx: CompileContext, name: string, args: CallArgs): Value {
  const udtf = UDTFS.get(name);
  if (udtf === undefined || !argumentsOk(ctx, udtf, args)) return ERROR;
  const scan: Scan = { kind: 'Scan', table: `${PREFIX}${name}`, span: args.span };
  const frame = ctx.frame(scan, undefined);
  return frame.relation === undefined ? ERROR : { kind: 'frame', frame };
}

/** Checks the call's arguments against the UDTF's parameters (reporting what is wrong). */
function argumentsOk(ctx: CompileContext, udtf: Udtf, args: CallArgs): boolean {
  const params = udtf.params ?? [];
  if (hasError(args)) return false;
  if (params.length === 0 && (args.positional.length > 0 || args.keywords.size > 0)) {
    ctx.report('arity', `px.${udtf.name}() takes no arguments`, args.span);
    return false;
  }
  const fn = `px.${udtf.name}`;
  const bound = bindArgs(
    ctx,
    args,
    fn,
    params.map((p) => ({ name: p.name, optional: true })),
  );
  if (bound === undefined) return false;
  for (const param of params) {
    const value = bound.get(param.name);
    if (value !== undefined && boolValue(value) === undefined) {
      wrongType(ctx, `${fn}() ${param.name}`, 'True or False', value, bound.span(param.name));
      return false;
    }
  }
  return true;
}
