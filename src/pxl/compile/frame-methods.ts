import type { JoinHow, PlanNode } from '../plan/nodes.js';
import type { Span } from '../syntax/index.js';
import { compileAgg } from './agg.js';
import { bindArgs, boolValue, frameOf, hasError, intValue, stringList, wrongType } from './args.js';
import type { CompileContext } from './context.js';
import { derivedColumn, hasColumn } from './dialect.js';
import { broken, filterRows, materialize, toExpr, unknownColumn } from './frame-ops.js';
import type { Interpreter } from './interpreter.js';
import { ERROR, type CallArgs, type Frame, type FrameValue, type Value } from './values.js';

type Method = (it: Interpreter, frame: Frame, args: CallArgs) => Value;

const METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['groupby', groupby],
  ['agg', (it, frame, args) => compileAgg(it, frame, [], args)],
  ['merge', merge],
  ['append', append],
  ['drop', drop],
  ['head', head],
  ['sort', sort],
  ['orderby', sort],
  ['sort_values', sort],
  ['filter', filter],
  ['stream', unsupported('stream', 'px runs a script once, on one snapshot of the tables')],
  ['rolling', unsupported('rolling', 'use px.bin(df.time_, window) and groupby for windows')],
]);

function unsupported(name: string, hint: string): Method {
  return (it, _frame, args) =>
    it.ctx.report('unsupported', `df.${name}() is not supported`, args.span, hint);
}

export function isFrameMethod(name: string): boolean {
  return name === 'ctx' || METHODS.has(name);
}

/** `df.<method>` bound to the frame, `df.ctx`, or undefined for a column name. */
export function frameMethod(it: Interpreter, box: FrameValue, name: string): Value | undefined {
  if (name === 'ctx') return { kind: 'ctx', frame: box.frame };
  const method = METHODS.get(name);
  if (method === undefined) return undefined;
  const frame = box.frame;
  return {
    kind: 'builtin',
    name,
    call: (args) => {
      if (frame.relation === undefined || hasError(args)) return ERROR;
      return method(it, frame, args);
    },
  };
}

const frameValue = (frame: Frame): FrameValue => ({ kind: 'frame', frame });

/** Checks column names exist (or can be derived) and reports the unknown ones. */
function knownColumns(
  ctx: CompileContext,
  frame: Frame,
  names: readonly string[],
  span: Span,
): boolean {
  let ok = true;
  for (const name of names) {
    if (!hasColumn(frame, name) && derivedColumn(frame, name, span) === undefined) {
      unknownColumn(ctx, frame, name, span);
      ok = false;
    }
  }
  return ok;
}

function groupby(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const bound = bindArgs(it.ctx, args, 'groupby', [{ name: 'by' }]);
  if (bound === undefined) return ERROR;
  const keys = stringList(bound.get('by'));
  if (keys === undefined)
    return wrongType(
      it.ctx,
      'groupby() keys',
      'a column name or a list of names',
      bound.get('by') as Value,
      bound.span('by'),
    );
  if (!knownColumns(it.ctx, frame, keys, bound.span('by'))) return ERROR;
  return { kind: 'grouped', frame, keys, span: args.span };
}

const JOIN_HOWS: ReadonlySet<string> = new Set(['inner', 'left', 'right', 'outer']);

function merge(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const ctx = it.ctx;
  const bound = bindArgs(ctx, args, 'merge', [
    { name: 'right' },
    { name: 'how', optional: true },
    { name: 'left_on', optional: true },
    { name: 'right_on', optional: true },
    { name: 'suffixes', optional: true },
    { name: 'on', optional: true },
  ]);
  if (bound === undefined) return ERROR;
  const right = frameOf(ctx, bound.get('right'), 'merge() right', bound.span('right'));
  const how = bound.get('how') === undefined ? 'inner' : stringList(bound.get('how'))?.[0];
  if (how === undefined || !JOIN_HOWS.has(how)) {
    return ctx.report(
      'type',
      "merge() how must be 'inner', 'left', 'right' or 'outer'",
      bound.span('how'),
    );
  }
  const on = bound.get('on');
  const leftOn = stringList(bound.get('left_on') ?? on);
  const rightOn = stringList(bound.get('right_on') ?? on);
  if (leftOn === undefined || rightOn === undefined) {
    return ctx.report(
      'type',
      'merge() needs left_on and right_on: column names or lists of names',
      args.span,
    );
  }
  const suffixes =
    bound.get('suffixes') === undefined ? ['_x', '_y'] : stringList(bound.get('suffixes'));
  if (suffixes?.length !== 2) {
    return ctx.report(
      'type',
      "merge() suffixes must be two strings, e.g. ['_x', '_y']",
      bound.span('suffixes'),
    );
  }
  if (right === undefined) return ERROR;
  const left = materialize(ctx, frame, leftOn, bound.span('left_on'));
  const other = materialize(ctx, right, rightOn, bound.span('right_on'));
  if (left === undefined || other === undefined) return ERROR;
  const plan: PlanNode = {
    kind: 'Join',
    left: left.plan,
    right: other.plan,
    how: how as JoinHow,
    leftOn,
    rightOn,
    suffixes: [suffixes[0] as string, suffixes[1] as string],
    span: args.span,
  };
  return frameValue(ctx.frame(plan, undefined));
}

function append(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const bound = bindArgs(it.ctx, args, 'append', [{ name: 'objs' }]);
  if (bound === undefined) return ERROR;
  const value = bound.get('objs') as Value;
  const items = value.kind === 'list' || value.kind === 'tuple' ? value.items : [value];
  const frames = items.map((item) =>
    frameOf(it.ctx, item, 'append() argument', bound.span('objs')),
  );
  if (frames.some((f) => f === undefined)) return ERROR;
  const inputs = [frame, ...(frames as Frame[])].map((f) => f.plan);
  return frameValue(it.ctx.frame({ kind: 'Union', inputs, span: args.span }, undefined));
}

function drop(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const bound = bindArgs(it.ctx, args, 'drop', [{ name: 'columns' }]);
  if (bound === undefined) return ERROR;
  const columns = stringList(bound.get('columns'));
  if (columns === undefined)
    return wrongType(
      it.ctx,
      'drop() columns',
      'a column name or a list of names',
      bound.get('columns') as Value,
      bound.span('columns'),
    );
  const missing = columns.filter((c) => !hasColumn(frame, c));
  for (const name of missing) unknownColumn(it.ctx, frame, name, bound.span('columns'));
  if (missing.length > 0) return frameValue(broken(frame));
  return frameValue(
    it.ctx.frame({ kind: 'Drop', input: frame.plan, columns, span: args.span }, frame.table),
  );
}

function head(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const bound = bindArgs(it.ctx, args, 'head', [{ name: 'n', optional: true }]);
  if (bound === undefined) return ERROR;
  const value = bound.get('n');
  const n = value === undefined ? 5 : intValue(value);
  if (n === undefined || n < 0) {
    return wrongType(it.ctx, 'head() n', 'an integer >= 0', value as Value, bound.span('n'));
  }
  return limitRows(it.ctx, frame, n, args.span);
}

export function limitRows(ctx: CompileContext, frame: Frame, n: number, span: Span): Value {
  return frameValue(ctx.frame({ kind: 'Limit', input: frame.plan, n, span }, frame.table));
}

/** The course's `df.sort('p99', ascending=False)`; PxL itself has no sort. */
function sort(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const ctx = it.ctx;
  const bound = bindArgs(ctx, args, 'sort', [
    { name: 'by' },
    { name: 'ascending', optional: true },
  ]);
  if (bound === undefined) return ERROR;
  const keys = stringList(bound.get('by'));
  if (keys === undefined)
    return wrongType(
      ctx,
      'sort() by',
      'a column name or a list of names',
      bound.get('by') as Value,
      bound.span('by'),
    );
  const flag = bound.get('ascending');
  const ascending = flag === undefined ? true : (boolValue(flag) ?? booleanList(flag));
  if (ascending === undefined) {
    return wrongType(
      ctx,
      'sort() ascending',
      'True, False or a list of them',
      flag as Value,
      bound.span('ascending'),
    );
  }
  const input = materialize(ctx, frame, keys, bound.span('by'));
  if (input === undefined) return ERROR;
  return frameValue(
    ctx.frame({ kind: 'Sort', input: input.plan, keys, ascending, span: args.span }, frame.table),
  );
}

function booleanList(value: Value): boolean[] | undefined {
  if (value.kind !== 'list' && value.kind !== 'tuple') return undefined;
  const out: boolean[] = [];
  for (const item of value.items) {
    const flag = boolValue(item);
    if (flag === undefined) return undefined;
    out.push(flag);
  }
  return out;
}

function filter(it: Interpreter, frame: Frame, args: CallArgs): Value {
  const bound = bindArgs(it.ctx, args, 'filter', [{ name: 'predicate' }]);
  if (bound === undefined) return ERROR;
  const predicate = toExpr(it.ctx, bound.get('predicate') as Value, frame, bound.span('predicate'));
  if (predicate === undefined) return ERROR;
  return frameValue(filterRows(it.ctx, frame, predicate, args.span));
}
