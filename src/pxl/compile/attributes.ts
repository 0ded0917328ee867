import type { Span } from '../syntax/index.js';
import { compileAgg } from './agg.js';
import { frameMethod, isFrameMethod } from './frame-methods.js';
import { resolveColumn } from './frame-ops.js';
import type { Interpreter } from './interpreter.js';
import { closest } from './suggest.js';
import { describe, ERROR, type CallArgs, type ColumnValue, type Value } from './values.js';

/**
 * Methods on column expressions, as the course writes them (`df.req_path.contains('/api')`):
 * each is the px function with the column as its first argument.
 */
const COLUMN_METHODS: ReadonlyMap<string, string> = new Map([
  ['contains', 'contains'],
  ['find', 'find'],
  ['length', 'length'],
  ['substring', 'substring'],
  ['tolower', 'tolower'],
  ['lower', 'tolower'],
  ['toupper', 'toupper'],
  ['upper', 'toupper'],
  ['trim', 'trim'],
  ['strip', 'trim'],
  ['pluck', 'pluck'],
  ['pluck_int64', 'pluck_int64'],
  ['pluck_float64', 'pluck_float64'],
  ['pluck_array', 'pluck_array'],
  ['atoi', 'atoi'],
]);

/** `value.name`: columns and methods of data frames, px members, column methods. */
export function getAttribute(
  it: Interpreter,
  value: Value,
  name: string,
  span: Span,
  nameSpan: Span,
): Value {
  switch (value.kind) {
    case 'error':
      return ERROR;
    case 'frame':
      return frameMethod(it, value, name) ?? resolveColumn(it.ctx, value.frame, name, span);
    case 'column':
      return columnMethod(it, value, name, span, nameSpan);
    case 'grouped':
      if (name === 'agg') {
        return {
          kind: 'builtin',
          name: 'agg',
          call: (args: CallArgs) => compileAgg(it, value.frame, value.keys, args),
        };
      }
      return it.ctx.report(
        'unknown-attribute',
        `a grouped DataFrame has only agg(), not '${name}'`,
        nameSpan,
        "e.g. df.groupby('service').agg(n=('latency', px.count))",
      );
    case 'namespace':
      return namespaceMember(it, value.name, value.member(name), value.names(), name, nameSpan);
    case 'opaque':
      return { kind: 'opaque', what: `${value.what}.${name}` };
    default:
      if (isFrameMethod(name)) {
        return it.ctx.report(
          'not-a-dataframe',
          `${describe(value)} is not a DataFrame, so it has no method '${name}'`,
          span,
          'DataFrames come from px.DataFrame(...) and the operations on one',
        );
      }
      return it.ctx.report(
        'unknown-attribute',
        `${describe(value)} has no attribute '${name}'`,
        nameSpan,
      );
  }
}

function namespaceMember(
  it: Interpreter,
  namespace: string,
  member: Value | undefined,
  names: readonly string[],
  name: string,
  span: Span,
): Value {
  if (member !== undefined) return member;
  const suggestion = closest(name, names);
  return it.ctx.report(
    'unknown-function',
    `${namespace} has no function '${name}'${suggestion === undefined ? '' : `; did you mean ${namespace}.${suggestion}?`}`,
    span,
    namespace === 'px' ? 'docs/pxl-reference.md lists the px functions' : undefined,
  );
}

function columnMethod(
  it: Interpreter,
  column: ColumnValue,
  name: string,
  span: Span,
  nameSpan: Span,
): Value {
  const fn = COLUMN_METHODS.get(name);
  const target = fn === undefined ? undefined : it.px.member(fn);
  if (target === undefined) {
    const suggestion = closest(name, [...COLUMN_METHODS.keys()]);
    return it.ctx.report(
      'unknown-attribute',
      `a column has no method '${name}'${suggestion === undefined ? '' : `; did you mean '${suggestion}'?`}`,
      nameSpan,
      `column methods: ${[...COLUMN_METHODS.keys()].join(', ')}; or call px functions, e.g. px.${name}(df.col)`,
    );
  }
  return {
    kind: 'builtin',
    name,
    call: (args: CallArgs) =>
      it.call(target, {
        ...args,
        positional: [column, ...args.positional],
        spans: [span, ...args.spans],
      }),
  };
}
