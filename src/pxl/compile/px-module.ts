import type { Expr } from '../plan/expr.js';
import { aggregateFunctions, scalarFunctions } from '../functions/registry.js';
import { bindArgs, frameOf, hasError, stringList, stringValue, wrongType } from './args.js';
import { dataFrame } from './data-frame.js';
import { laterFrame, otherFrame, project } from './frame-ops.js';
import type { Interpreter } from './interpreter.js';
import { publicMetadataNames } from './metadata-functions.js';
import { flattenScriptReference } from './script-reference.js';
import { udtfFrame, udtfNames } from './udtf.js';
import {
  describe,
  ERROR,
  literal,
  type AggExprValue,
  type BuiltinValue,
  type CallArgs,
  type ColumnValue,
  type ConstValue,
  type Frame,
  type NamespaceValue,
  type Value,
} from './values.js';

/** Types for function annotations: exec-func arguments arrive as strings of these kinds. */
const PX_TYPES = ['Service', 'Pod', 'Namespace', 'Node', 'Container', 'DataFrame'];

/** The `px` module: every member resolved through this Map, never through object properties. */
export function pxNamespace(it: Interpreter): NamespaceValue {
  const members = new Map<string, Value>();
  for (const f of scalarFunctions()) members.set(f.name, scalar(it, f.name));
  for (const name of publicMetadataNames()) members.set(name, scalar(it, name));
  for (const f of aggregateFunctions())
    members.set(f.name, { kind: 'aggfn', fn: f.name, args: [] });
  for (const name of PX_TYPES) members.set(name, { kind: 'type', name: `px.${name}` });
  const builtin = (name: string, call: (args: CallArgs) => Value): void => {
    members.set(name, { kind: 'builtin', name: `px.${name}`, call });
  };
  builtin('DataFrame', (args) => dataFrame(it.ctx, args));
  builtin('display', (args) => output(it, args, 'display'));
  builtin('debug', (args) => output(it, args, 'debug'));
  builtin('export', (args) => output(it, args, 'export'));
  builtin('script_reference', (args) => {
    const flat = flattenScriptReference(it.ctx, args);
    return flat === undefined ? ERROR : scalarCall(it, 'script_reference', flat);
  });
  for (const name of udtfNames()) builtin(name, (args) => udtfFrame(it.ctx, name, args));
  members.set('otel', { kind: 'opaque', what: 'px.otel' });
  members.set('vis', { kind: 'opaque', what: 'px.vis' });
  return {
    kind: 'namespace',
    name: 'px',
    member: (name) => members.get(name),
    names: () => [...members.keys()],
  };
}

/** A px function of columns: its call is a plan expression, checked once applied to a frame. */
function scalar(it: Interpreter, fn: string): BuiltinValue {
  return { kind: 'builtin', name: `px.${fn}`, call: (args) => scalarCall(it, fn, args) };
}

function scalarCall(it: Interpreter, fn: string, args: CallArgs): Value {
  const ctx = it.ctx;
  if (hasError(args)) return ERROR;
  if (args.keywords.size > 0)
    return ctx.report('arity', `px.${fn} takes no keyword arguments`, args.span);
  const exprs: Expr[] = [];
  let columns: ColumnValue | undefined;
  let aggregates: AggExprValue[] = [];
  for (const [i, value] of args.positional.entries()) {
    const span = args.spans[i] ?? args.span;
    if (value.kind === 'const') exprs.push(literal(value, span));
    else if (value.kind === 'column') {
      const later = columns === undefined ? value.frame : laterFrame(ctx, columns, value);
      if (later === 'unrelated') return otherFrame(ctx, span);
      // Remembers every column read so far, to check the next argument's frame against.
      const read: Expr =
        columns === undefined
          ? value.expr
          : { kind: 'Call', fn: '', args: [columns.expr, value.expr] };
      columns = { kind: 'column', frame: later, expr: read };
      exprs.push(value.expr);
    } else if (value.kind === 'aggexpr') {
      aggregates = [...aggregates, value];
      exprs.push(value.expr);
    } else if (
      (value.kind === 'list' || value.kind === 'tuple') &&
      value.items.every((v): v is ConstValue => v.kind === 'const')
    ) {
      exprs.push({ kind: 'List', items: value.items.map((v) => literal(v, span)), span });
    } else {
      return ctx.report(
        'type',
        `px.${fn} cannot take ${describe(value)} as argument ${i + 1}`,
        span,
      );
    }
  }
  const expr: Expr = { kind: 'Call', fn, args: exprs, span: args.span };
  const frame = columns?.frame;
  if (aggregates.length === 0) return { kind: 'column', frame, expr };
  if (frame !== undefined) {
    return ctx.report(
      'misplaced-aggregate',
      `px.${fn} cannot mix an aggregate with a column`,
      args.span,
    );
  }
  return {
    kind: 'aggexpr',
    expr,
    aggs: aggregates.flatMap((a) => a.aggs),
    frames: aggregates.flatMap((a) => a.frames),
  };
}

/**
 * px.display(df, name='output', cols=[]) adds an output table in top-level mode and is
 * ignored in exec-func mode; px.debug(df, name) adds `_name` in both; px.export(df, spec)
 * adds the rows it would export as table 'export' (px sends nothing anywhere).
 */
function output(it: Interpreter, args: CallArgs, kind: 'display' | 'debug' | 'export'): Value {
  const ctx = it.ctx;
  const params =
    kind === 'export'
      ? [{ name: 'out' }, { name: 'export_spec' }]
      : [{ name: 'out' }, { name: 'name', optional: true }, { name: 'cols', optional: true }];
  const bound = bindArgs(ctx, args, `px.${kind}`, params);
  if (bound === undefined) return ERROR;
  let frame: Frame | undefined = frameOf(
    ctx,
    bound.get('out'),
    `px.${kind}() argument`,
    bound.span('out'),
  );
  const nameValue = bound.get('name');
  const name =
    nameValue === undefined ? (kind === 'debug' ? 'debug' : 'output') : stringValue(nameValue);
  if (name === undefined)
    return wrongType(ctx, `px.${kind}() name`, 'a string', nameValue as Value, bound.span('name'));
  if (kind === 'export' && bound.get('export_spec')?.kind !== 'opaque') {
    return wrongType(
      ctx,
      'px.export() second argument',
      'px.otel.Data(...)',
      bound.get('export_spec') as Value,
      bound.span('export_spec'),
    );
  }
  const cols = bound.get('cols');
  if (cols !== undefined && frame !== undefined) {
    const names = stringList(cols);
    if (names === undefined)
      return wrongType(
        ctx,
        `px.${kind}() cols`,
        'a list of column names',
        cols,
        bound.span('cols'),
      );
    if (names.length > 0) frame = project(ctx, frame, names, bound.span('cols'));
  }
  if (frame?.relation === undefined || (kind === 'display' && ctx.mode === 'exec'))
    return { kind: 'none' };
  const table = kind === 'debug' ? `_${name}` : kind === 'export' ? 'export' : name;
  ctx.outputs.push({ name: table, plan: frame.plan });
  return { kind: 'none' };
}
