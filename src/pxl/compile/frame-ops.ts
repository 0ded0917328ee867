import type { Expr } from '../plan/expr.js';
import type { Assignment, PlanNode } from '../plan/nodes.js';
import type { Span } from '../syntax/index.js';
import type { CompileContext } from './context.js';
import { derivedColumn, derivedNames, hasColumn } from './dialect.js';
import { lowerMetadata } from './lower.js';
import { closest, listNames } from './suggest.js';
import { describe, literal, type ColumnValue, type Frame, type Value } from './values.js';

/** A frame that had an error: later operations on it are silent. */
export function broken(frame: Frame): Frame {
  return { plan: frame.plan, relation: undefined, table: frame.table };
}

export function columnNames(frame: Frame): string[] {
  return (frame.relation ?? []).map((f) => f.name);
}

export function unknownColumn(ctx: CompileContext, frame: Frame, name: string, span: Span) {
  const names = columnNames(frame);
  const suggestion = closest(name, [...names, ...derivedNames(frame)]);
  const where =
    frame.plan.kind === 'Scan' && frame.table !== undefined
      ? `table '${frame.table}'`
      : 'the DataFrame';
  return ctx.report(
    'unknown-column',
    `${where} has no column '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
    span,
    `columns: ${listNames(names)}`,
  );
}

/** `df.name` / `df['name']`: the column, a dialect column derived from others, or an error. */
export function resolveColumn(ctx: CompileContext, frame: Frame, name: string, span: Span): Value {
  if (frame.relation === undefined) return { kind: 'error' };
  if (hasColumn(frame, name))
    return { kind: 'column', frame, expr: { kind: 'Column', name, span } };
  const derived = derivedColumn(frame, name, span);
  if (derived !== undefined) return { kind: 'column', frame, expr: derived };
  return unknownColumn(ctx, frame, name, span);
}

function columnsRead(expr: Expr, out: Set<string>): Set<string> {
  switch (expr.kind) {
    case 'Column':
      out.add(expr.name);
      break;
    case 'Call':
      for (const a of expr.args) columnsRead(a, out);
      break;
    case 'Binary':
      columnsRead(expr.left, out);
      columnsRead(expr.right, out);
      break;
    case 'Unary':
      columnsRead(expr.operand, out);
      break;
    default:
      break;
  }
  return out;
}

/**
 * Whether an expression over `source`'s columns means the same on `target`: target must come
 * from source through operations that keep each row's values (filters, sorts, new columns,
 * lookups) without redefining a column the expression reads.
 */
export function sameColumns(
  ctx: CompileContext,
  source: Frame,
  target: Frame,
  expr: Expr,
): boolean {
  if (source.plan === target.plan) return true;
  const read = columnsRead(expr, new Set());
  let node: PlanNode = target.plan;
  for (;;) {
    if (node === source.plan) return true;
    switch (node.kind) {
      case 'Map':
        if (node.assignments.some((a) => read.has(a.name))) return false;
        node = node.input;
        break;
      case 'Drop':
        if (node.columns.some((c) => read.has(c))) return false;
        node = node.input;
        break;
      case 'Project': {
        const kept = node.columns;
        if ([...read].some((c) => !kept.includes(c))) return false;
        node = node.input;
        break;
      }
      case 'Filter':
      case 'Sort':
      case 'Limit':
        node = node.input;
        break;
      case 'Join':
        if (!ctx.isLookupJoin(node)) return false;
        node = node.left;
        break;
      default:
        return false;
    }
  }
}

/** The later of two frames, when one comes from the other; undefined when unrelated. */
export function laterFrame(
  ctx: CompileContext,
  a: ColumnValue,
  b: ColumnValue,
): Frame | undefined | 'unrelated' {
  if (a.frame === undefined) return b.frame;
  if (b.frame === undefined || sameColumns(ctx, b.frame, a.frame, b.expr)) return a.frame;
  if (sameColumns(ctx, a.frame, b.frame, a.expr)) return b.frame;
  return 'unrelated';
}

export function otherFrame(ctx: CompileContext, span: Span) {
  return ctx.report(
    'other-dataframe',
    'this column comes from another DataFrame',
    span,
    'columns combine only within one DataFrame; use merge() to bring columns together',
  );
}

/** A value as an expression over `frame`'s columns; reports what cannot be one. */
export function toExpr(
  ctx: CompileContext,
  value: Value,
  frame: Frame,
  span: Span,
): Expr | undefined {
  switch (value.kind) {
    case 'const':
      return literal(value, span);
    case 'column':
      if (value.frame === undefined || sameColumns(ctx, value.frame, frame, value.expr))
        return value.expr;
      otherFrame(ctx, span);
      return undefined;
    case 'error':
      return undefined;
    case 'aggexpr':
      ctx.report(
        'misplaced-aggregate',
        'an aggregate can only be used inside agg()',
        span,
        "e.g. df.agg(n=('latency', px.count))",
      );
      return undefined;
    default:
      ctx.report('not-a-column', `${describe(value)} cannot be used as a column value`, span);
      return undefined;
  }
}

/** Adds or replaces columns (`df.name = expr`), joining metadata lookups first. */
export function mapColumns(
  ctx: CompileContext,
  frame: Frame,
  assignments: readonly Assignment[],
  span: Span,
): Frame {
  if (frame.relation === undefined) return frame;
  const lowered = lowerMetadata(
    ctx,
    frame,
    assignments.map((a) => a.expr),
  );
  if (lowered === undefined) return broken(frame);
  const map: PlanNode = {
    kind: 'Map',
    input: lowered.frame.plan,
    assignments: assignments.map((a, i) => ({ ...a, expr: lowered.exprs[i] as Expr })),
    span,
  };
  return ctx.frame(dropHidden(map, lowered.hidden, span), frame.table);
}

export function filterRows(ctx: CompileContext, frame: Frame, predicate: Expr, span: Span): Frame {
  if (frame.relation === undefined) return frame;
  const lowered = lowerMetadata(ctx, frame, [predicate]);
  if (lowered === undefined) return broken(frame);
  const filter: PlanNode = {
    kind: 'Filter',
    input: lowered.frame.plan,
    predicate: lowered.exprs[0] as Expr,
    span,
  };
  return ctx.frame(dropHidden(filter, lowered.hidden, span), frame.table);
}

function dropHidden(plan: PlanNode, hidden: readonly string[], span: Span): PlanNode {
  return hidden.length === 0 ? plan : { kind: 'Drop', input: plan, columns: hidden, span };
}

/**
 * Makes every named column real: dialect columns (`service`, `resp_latency`) are computed
 * into the frame so projections, group-bys and sorts can name them. Reports unknown names.
 */
export function materialize(
  ctx: CompileContext,
  frame: Frame,
  names: readonly string[],
  span: Span,
): Frame | undefined {
  if (frame.relation === undefined) return undefined;
  const assignments: Assignment[] = [];
  let ok = true;
  for (const name of names) {
    if (hasColumn(frame, name) || assignments.some((a) => a.name === name)) continue;
    const derived = derivedColumn(frame, name, span);
    if (derived === undefined) {
      unknownColumn(ctx, frame, name, span);
      ok = false;
    } else assignments.push({ name, expr: derived, span });
  }
  if (!ok) return undefined;
  if (assignments.length === 0) return frame;
  const mapped = mapColumns(ctx, frame, assignments, span);
  return mapped.relation === undefined ? undefined : mapped;
}

/** `df[['a', 'b']]`: those columns, in that order. */
export function project(
  ctx: CompileContext,
  frame: Frame,
  names: readonly string[],
  span: Span,
): Frame {
  const source = materialize(ctx, frame, names, span);
  if (source === undefined) return broken(frame);
  return ctx.frame({ kind: 'Project', input: source.plan, columns: names, span }, frame.table);
}
