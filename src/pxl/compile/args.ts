import type { Span } from '../syntax/index.js';
import type { CompileContext } from './context.js';
import { describe, ERROR, type CallArgs, type Frame, type Value } from './values.js';

/** A parameter of a built-in: its name and whether it may be left out. */
export interface Param {
  readonly name: string;
  readonly optional?: boolean;
}

export interface BoundArgs {
  get(name: string): Value | undefined;
  span(name: string): Span;
}

/**
 * Matches positional and keyword arguments to a built-in's parameters, as Python does.
 * Reports too many arguments, unknown or repeated keywords and missing ones; returns
 * undefined when the call cannot go on.
 */
export function bindArgs(
  ctx: CompileContext,
  args: CallArgs,
  fn: string,
  params: readonly Param[],
): BoundArgs | undefined {
  if (args.positional.length > params.length) {
    ctx.report(
      'arity',
      `${fn}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${params.map((p) => p.name).join(', ')}), got ${args.positional.length}`,
      args.span,
    );
    return undefined;
  }
  const values = new Map<string, Value>();
  const spans = new Map<string, Span>();
  args.positional.forEach((value, i) => {
    const name = (params[i] as Param).name;
    values.set(name, value);
    spans.set(name, args.spans[i] ?? args.span);
  });
  for (const [name, value] of args.keywords) {
    const span = args.keywordSpans.get(name) ?? args.span;
    if (!params.some((p) => p.name === name)) {
      ctx.report(
        'unknown-keyword',
        `${fn}() has no parameter '${name}'`,
        span,
        `parameters: ${params.map((p) => p.name).join(', ')}`,
      );
      return undefined;
    }
    if (values.has(name)) {
      ctx.report('repeated-argument', `${fn}() got '${name}' twice`, span);
      return undefined;
    }
    values.set(name, value);
    spans.set(name, span);
  }
  const missing = params.filter((p) => p.optional !== true && !values.has(p.name));
  if (missing.length > 0) {
    ctx.report(
      'arity',
      `${fn}() is missing ${missing.map((p) => `'${p.name}'`).join(', ')}`,
      args.span,
    );
    return undefined;
  }
  return { get: (name) => values.get(name), span: (name) => spans.get(name) ?? args.span };
}

/** Whether any argument is an already reported error: the call then stays silent. */
export function hasError(args: CallArgs): boolean {
  return (
    args.positional.some((v) => v.kind === 'error') ||
    [...args.keywords.values()].some((v) => v.kind === 'error')
  );
}

export function wrongType(
  ctx: CompileContext,
  what: string,
  expected: string,
  value: Value,
  span: Span,
) {
  if (value.kind === 'error') return ERROR;
  return ctx.report('type', `${what} must be ${expected}, got ${describe(value)}`, span);
}

export function stringValue(value: Value | undefined): string | undefined {
  return value?.kind === 'const' && value.type === 'STRING' ? value.value : undefined;
}

/** A string, or a list/tuple of strings, as a list; undefined when it is neither. */
export function stringList(value: Value | undefined): string[] | undefined {
  const single = stringValue(value);
  if (single !== undefined) return [single];
  if (value?.kind !== 'list' && value?.kind !== 'tuple') return undefined;
  const out: string[] = [];
  for (const item of value.items) {
    const s = stringValue(item);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

export function intValue(value: Value | undefined): number | undefined {
  return value?.kind === 'const' && value.type === 'INT64' ? value.value : undefined;
}

export function boolValue(value: Value | undefined): boolean | undefined {
  return value?.kind === 'const' && value.type === 'BOOLEAN' ? value.value : undefined;
}

/** The frame a value holds, or a report that it is not one. */
export function frameOf(
  ctx: CompileContext,
  value: Value | undefined,
  what: string,
  span: Span,
): Frame | undefined {
  if (value?.kind === 'frame') return value.frame.relation === undefined ? undefined : value.frame;
  if (value === undefined || value.kind !== 'error') {
    ctx.report(
      'not-a-dataframe',
      `${what} must be a DataFrame, got ${value === undefined ? 'nothing' : describe(value)}`,
      span,
    );
  }
  return undefined;
}
