import type { Expr } from '../plan/expr.js';
import type { AggregateSpec, Assignment, PlanNode } from '../plan/nodes.js';
import type { Span } from '../syntax/index.js';
import type { CompileContext } from './context.js';
import { broken, materialize, otherFrame, resolveColumn, sameColumns } from './frame-ops.js';
import type { Interpreter } from './interpreter.js';
import { lowerMetadata } from './lower.js';
import {
  describe,
  ERROR,
  type CallArgs,
  type Frame,
  type FrameValue,
  type Value,
} from './values.js';

/** One agg() output: its aggregates and, for lambdas like `px.mean(x) / 1e6`, the expression over them. */
interface Output {
  readonly name: string;
  readonly specs: readonly AggregateSpec[];
  readonly post: Expr | undefined;
}

/**
 * `df.groupby(keys).agg(name=('col', px.fn), ...)` and `df.agg(...)`. An entry may name an
 * aggregate (`px.count`, `px.quantiles(0.99)`) or a one-argument function of the column
 * whose result is built from aggregates (`lambda x: px.mean(x >= 400) * 100`).
 */
export function compileAgg(
  it: Interpreter,
  frame: Frame,
  keys: readonly string[],
  args: CallArgs,
): Value {
  const ctx = it.ctx;
  if (args.positional.length > 0) {
    return ctx.report(
      'agg-form',
      "agg() takes keyword arguments only: agg(name=('column', px.fn))",
      args.spans[0] ?? args.span,
    );
  }
  const input = materialize(ctx, frame, keys, args.span);
  if (input === undefined) return ERROR;
  const outputs: Output[] = [];
  for (const [name, value] of args.keywords) {
    const output = aggOutput(it, input, name, value, args.keywordSpans.get(name) ?? args.span);
    if (output === undefined) return frameValue(broken(frame));
    outputs.push(output);
  }
  return frameValue(buildAgg(ctx, input, keys, outputs, args.span));
}

function frameValue(frame: Frame): FrameValue {
  return { kind: 'frame', frame };
}

function aggOutput(
  it: Interpreter,
  frame: Frame,
  name: string,
  value: Value,
  span: Span,
): Output | undefined {
  const ctx = it.ctx;
  if (value.kind === 'error') return undefined;
  const [column, fn] = value.kind === 'tuple' && value.items.length === 2 ? value.items : [];
  if (column?.kind !== 'const' || column.type !== 'STRING' || fn === undefined) {
    ctx.report(
      'agg-form',
      `agg() entry '${name}' must be a tuple ('column', px.fn), got ${describe(value)}`,
      span,
    );
    return undefined;
  }
  const resolved = resolveColumn(ctx, frame, column.value, span);
  if (resolved.kind !== 'column') return undefined;
  if (fn.kind === 'aggfn') {
    return {
      name,
      specs: [{ name, fn: fn.fn, input: resolved.expr, args: fn.args, span }],
      post: undefined,
    };
  }
  if (fn.kind !== 'function' && fn.kind !== 'builtin') {
    if (fn.kind !== 'error') {
      ctx.report(
        'agg-form',
        `agg() entry '${name}' needs an aggregate such as px.count or a lambda, got ${describe(fn)}`,
        span,
      );
    }
    return undefined;
  }
  const result = it.call(fn, {
    positional: [resolved],
    keywords: new Map(),
    spans: [span],
    keywordSpans: new Map(),
    span,
  });
  if (result.kind === 'error') return undefined;
  if (result.kind !== 'aggexpr') {
    ctx.report(
      'agg-form',
      `the function for '${name}' must return an aggregate such as px.mean(x), got ${describe(result)}`,
      span,
    );
    return undefined;
  }
  const foreign = result.aggs.findIndex((a, i) => {
    const source = result.frames[i];
    return source !== undefined && !sameColumns(ctx, source, frame, a.input);
  });
  if (foreign >= 0) {
    otherFrame(ctx, result.aggs[foreign]?.span ?? span);
    return undefined;
  }
  const single =
    result.aggs.length === 1 &&
    result.expr.kind === 'Column' &&
    result.expr.name === result.aggs[0]?.name;
  if (single)
    return { name, specs: [{ ...(result.aggs[0] as AggregateSpec), name }], post: undefined };
  return { name, specs: result.aggs, post: result.expr };
}

/** Agg node, then (for lambdas) a Map of the expressions and a projection to the outputs. */
function buildAgg(
  ctx: CompileContext,
  input: Frame,
  keys: readonly string[],
  outputs: readonly Output[],
  span: Span,
): Frame {
  const specs = outputs.flatMap((o) => o.specs);
  const lowered = lowerMetadata(
    ctx,
    input,
    specs.map((s) => s.input),
  );
  if (lowered === undefined) return broken(input);
  const aggregates = specs.map((s, i) => ({ ...s, input: lowered.exprs[i] as Expr }));
  let plan: PlanNode = { kind: 'Agg', input: lowered.frame.plan, groupBy: keys, aggregates, span };
  const post: Assignment[] = outputs.flatMap((o) =>
    o.post === undefined ? [] : [{ name: o.name, expr: o.post, span }],
  );
  if (post.length > 0) {
    plan = { kind: 'Map', input: plan, assignments: post, span };
    plan = {
      kind: 'Project',
      input: plan,
      columns: [...keys, ...outputs.map((o) => o.name)],
      span,
    };
  }
  return ctx.frame(plan, input.table);
}

/**
 * `px.mean(x)`, `px.quantiles(x / 1e6, 0.5)`: an aggregate over a column expression, inside
 * an agg() function. Constant arguments after the column are the aggregate's parameters.
 */
export function aggregateCall(
  ctx: CompileContext,
  fn: string,
  bound: readonly number[],
  args: CallArgs,
): Value {
  const [first, ...rest] = args.positional;
  if (args.keywords.size > 0)
    return ctx.report('arity', `px.${fn} takes no keyword arguments`, args.span);
  if (first === undefined) return ctx.report('arity', `px.${fn} needs a column`, args.span);
  if (first.kind === 'error') return ERROR;
  if (first.kind !== 'column') {
    return ctx.report(
      'agg-form',
      `px.${fn} aggregates a column, got ${describe(first)}`,
      args.spans[0] ?? args.span,
      `inside agg() use ('column', px.${fn})`,
    );
  }
  const params: number[] = [...bound];
  for (const [i, value] of rest.entries()) {
    if (value.kind !== 'const' || (value.type !== 'INT64' && value.type !== 'FLOAT64')) {
      return ctx.report(
        'type',
        `px.${fn} parameters must be numbers, got ${describe(value)}`,
        args.spans[i + 1] ?? args.span,
      );
    }
    params.push(value.value);
  }
  const name = ctx.hidden('a');
  const spec: AggregateSpec = { name, fn, input: first.expr, args: params, span: args.span };
  return {
    kind: 'aggexpr',
    expr: { kind: 'Column', name, span: args.span },
    aggs: [spec],
    frames: [first.frame],
  };
}
