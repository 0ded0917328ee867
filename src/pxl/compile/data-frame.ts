import type { Scan } from '../plan/nodes.js';
import type { Span } from '../syntax/index.js';
import { bindArgs, stringList, stringValue, wrongType } from './args.js';
import type { CompileContext } from './context.js';
import { closest, listNames } from './suggest.js';
import { parseTimeText } from './times.js';
import { ERROR, type CallArgs, type Value } from './values.js';

const TIME_HINT =
  "use a relative time such as '-5m', '-30s' or '-1h', an absolute one such as '2024-01-02 15:04:05', or None";

/** `px.DataFrame(table, select=[...], start_time='-5m', end_time=None)`, the table positional too. */
export function dataFrame(ctx: CompileContext, args: CallArgs): Value {
  const bound = bindArgs(ctx, args, 'px.DataFrame', [
    { name: 'table' },
    { name: 'select', optional: true },
    { name: 'start_time', optional: true },
    { name: 'end_time', optional: true },
  ]);
  if (bound === undefined) return ERROR;
  const tableValue = bound.get('table') as Value;
  const table = stringValue(tableValue);
  if (table === undefined)
    return wrongType(ctx, 'px.DataFrame table', 'a table name', tableValue, bound.span('table'));
  const schema = ctx.tables.schema(table);
  if (schema === undefined) return unknownTable(ctx, table, bound.span('table'));
  const startNs = timeArg(ctx, 'start_time', bound.get('start_time'), bound.span('start_time'));
  const endNs = timeArg(ctx, 'end_time', bound.get('end_time'), bound.span('end_time'));
  const selectValue = bound.get('select');
  const select =
    selectValue === undefined || selectValue.kind === 'none' ? undefined : stringList(selectValue);
  if (selectValue !== undefined && selectValue.kind !== 'none' && select === undefined) {
    return wrongType(
      ctx,
      'px.DataFrame select',
      'a list of column names',
      selectValue,
      bound.span('select'),
    );
  }
  const columns = schema.columns.map((c) => c.name);
  const unknown = (select ?? []).filter((name) => !columns.includes(name));
  for (const name of unknown) {
    const suggestion = closest(name, columns);
    ctx.report(
      'unknown-column',
      `table '${table}' has no column '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
      bound.span('select'),
      `columns: ${listNames(columns)}`,
    );
  }
  if (startNs === null || endNs === null || unknown.length > 0) return ERROR;
  const scan: Scan = {
    kind: 'Scan',
    table,
    span: args.span,
    ...(startNs === undefined ? {} : { startNs }),
    ...(endNs === undefined ? {} : { endNs }),
    ...(select === undefined || select.length === 0 ? {} : { select }),
  };
  return { kind: 'frame', frame: ctx.frame(scan, table) };
}

function unknownTable(ctx: CompileContext, table: string, span: Span): Value {
  const names = ctx.tables.tableNames();
  const suggestion = closest(table, names);
  return ctx.report(
    'unknown-table',
    `no table '${table}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    span,
    `tables: ${names.join(', ')}`,
  );
}

/** Absolute ns, undefined for no bound, null when reported as wrong. */
function timeArg(
  ctx: CompileContext,
  name: string,
  value: Value | undefined,
  span: Span,
): bigint | undefined | null {
  if (value === undefined || value.kind === 'none') return undefined;
  if (value.kind === 'error') return null;
  if (value.kind === 'const' && value.type === 'INT64') return value.exact ?? BigInt(value.value);
  if (value.kind === 'const' && value.type === 'STRING') {
    const ns = parseTimeText(value.value, ctx.nowNs);
    if (ns !== undefined) return ns;
    ctx.report('bad-time', `${name} '${value.value}' is not a time`, span, TIME_HINT);
    return null;
  }
  wrongType(ctx, name, 'a time string, an integer of nanoseconds or None', value, span);
  return null;
}
