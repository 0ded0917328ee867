import type { Expression, Slice, Span } from '../syntax/index.js';
import { stringList } from './args.js';
import { ctxExpr, ctxKeys, hasColumn } from './dialect.js';
import { columnNames, filterRows, project, resolveColumn, toExpr } from './frame-ops.js';
import { limitRows } from './frame-methods.js';
import type { Interpreter } from './interpreter.js';
import { closest, listNames } from './suggest.js';
import { describe, ERROR, type Frame, type FrameValue, type Scope, type Value } from './values.js';

/**
 * `value[index]`: on data frames a column (`df['col']`), a projection (`df[['a', 'b']]`,
 * `df['a', 'b']`), a filter (`df[df.x > 1]`) or the first rows (`df[:10]`); `df.ctx['pod']`;
 * items of known lists and dicts.
 */
export function subscript(
  it: Interpreter,
  value: Value,
  index: Expression | Slice,
  scope: Scope,
  span: Span,
): Value {
  if (value.kind === 'error') return ERROR;
  if (index.kind === 'Slice') return slice(it, value, index, scope, span);
  if (value.kind === 'frame' && index.kind === 'Tuple') {
    return frameIndex(
      it,
      value,
      { kind: 'list', items: index.elements.map((e) => it.evaluate(e, scope)) },
      span,
      index.span,
    );
  }
  const key = it.evaluate(index, scope);
  if (key.kind === 'error') return ERROR;
  switch (value.kind) {
    case 'frame':
      return frameIndex(it, value, key, span, index.span);
    case 'ctx':
      return ctxIndex(it, value.frame, key, index.span);
    case 'list':
    case 'tuple':
      return itemAt(it, value.items, key, index.span);
    case 'dict': {
      const item =
        key.kind === 'const' && key.type === 'STRING' ? value.entries.get(key.value) : undefined;
      return (
        item ??
        it.ctx.report(
          'unknown-key',
          `the dict has no key ${key.kind === 'const' ? JSON.stringify(key.value) : describe(key)}`,
          index.span,
        )
      );
    }
    default:
      return it.ctx.report('subscript', `${describe(value)} cannot be subscripted`, span);
  }
}

function frameIndex(
  it: Interpreter,
  box: FrameValue,
  key: Value,
  span: Span,
  indexSpan: Span,
): Value {
  const frame = box.frame;
  if (key.kind === 'const' && key.type === 'STRING')
    return resolveColumn(it.ctx, frame, key.value, indexSpan);
  if (key.kind === 'list' || key.kind === 'tuple') {
    const names = stringList(key);
    if (names === undefined) {
      if (key.items.some((i) => i.kind === 'error')) return ERROR;
      return it.ctx.report('type', 'a projection must list column names as strings', indexSpan);
    }
    return { kind: 'frame', frame: project(it.ctx, frame, names, indexSpan) };
  }
  if (key.kind === 'column') {
    const predicate = toExpr(it.ctx, key, frame, indexSpan);
    if (predicate === undefined) return ERROR;
    return { kind: 'frame', frame: filterRows(it.ctx, frame, predicate, span) };
  }
  return it.ctx.report(
    'subscript',
    `a DataFrame is indexed by a column name, a list of names or a condition, got ${describe(key)}`,
    indexSpan,
  );
}

function slice(it: Interpreter, value: Value, index: Slice, scope: Scope, span: Span): Value {
  const part = (e: Expression | undefined): Value | undefined =>
    e === undefined ? undefined : it.evaluate(e, scope);
  const [lower, upper, step] = [part(index.lower), part(index.upper), part(index.step)];
  const isInt = (v: Value | undefined) =>
    v === undefined || v.kind === 'none' || (v.kind === 'const' && v.type === 'INT64');
  if (!isInt(lower) || !isInt(upper) || !isInt(step)) {
    return it.ctx.report('type', 'slice bounds must be integers', index.span);
  }
  const int = (v: Value | undefined) => (v?.kind === 'const' ? Number(v.value) : undefined);
  if (value.kind === 'frame') {
    if ((int(lower) ?? 0) !== 0 || (int(step) ?? 1) !== 1 || int(upper) === undefined) {
      return it.ctx.report(
        'subscript',
        'a DataFrame slice takes the first rows only: df[:n]',
        index.span,
      );
    }
    return limitRows(it.ctx, value.frame, int(upper) as number, span);
  }
  if (value.kind === 'list' || value.kind === 'tuple') {
    const items = value.items.slice(int(lower), int(upper));
    const stepped = items.filter((_, i) => i % Math.max(1, int(step) ?? 1) === 0);
    return { kind: value.kind, items: stepped };
  }
  if (value.kind === 'const' && value.type === 'STRING') {
    return { kind: 'const', type: 'STRING', value: value.value.slice(int(lower), int(upper)) };
  }
  return it.ctx.report('subscript', `${describe(value)} cannot be sliced`, span);
}

function itemAt(it: Interpreter, items: readonly Value[], key: Value, span: Span): Value {
  if (key.kind !== 'const' || key.type !== 'INT64') {
    return it.ctx.report('type', `list indices must be integers, got ${describe(key)}`, span);
  }
  const at = key.value < 0 ? items.length + key.value : key.value;
  return (
    items[at] ??
    it.ctx.report(
      'index-range',
      `index ${key.value} is out of range for ${items.length} items`,
      span,
    )
  );
}

/** `df.ctx['pod']`: metadata of each row's process, looked up from its upid. */
function ctxIndex(it: Interpreter, frame: Frame, key: Value, span: Span): Value {
  if (frame.relation === undefined) return ERROR;
  if (key.kind !== 'const' || key.type !== 'STRING') {
    return it.ctx.report('type', `df.ctx keys are strings, got ${describe(key)}`, span);
  }
  if (!hasColumn(frame, 'upid')) {
    return it.ctx.report(
      'ctx-needs-upid',
      `df.ctx['${key.value}'] needs a 'upid' column, and this DataFrame has none`,
      span,
      tableHasUpid(it, frame)
        ? 'read df.ctx before agg() or projections that drop upid'
        : `columns: ${listNames(columnNames(frame))}`,
    );
  }
  const expr = ctxExpr(frame, key.value, span);
  if (expr === undefined) {
    const suggestion = closest(key.value, ctxKeys());
    return it.ctx.report(
      'unknown-ctx-key',
      `df.ctx has no key '${key.value}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
      span,
      `keys: ${ctxKeys().join(', ')}`,
    );
  }
  return { kind: 'column', frame, expr };
}

function tableHasUpid(it: Interpreter, frame: Frame): boolean {
  const schema = frame.table === undefined ? undefined : it.ctx.tables.schema(frame.table);
  return schema?.columns.some((c) => c.name === 'upid') ?? false;
}
