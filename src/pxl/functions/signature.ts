import type { DataType } from '../plan/types.js';
import type { ArgInfo } from './types.js';

/** A parameter's accepted types: one type, any number (INT64, FLOAT64, BOOLEAN), or anything. */
export type ParamType = DataType | 'NUMBER' | 'ANY';

export function describeTypes(args: readonly ArgInfo[]): string {
  return `(${args.map((a) => (a.items === undefined ? a.type : `list of ${a.type}`)).join(', ')})`;
}

function accepts(param: ParamType, arg: ArgInfo): boolean {
  if (arg.items !== undefined) return false;
  if (param === 'ANY') return true;
  if (param === 'NUMBER') return arg.type === 'INT64' || arg.type === 'FLOAT64';
  if (param === 'FLOAT64') return arg.type === 'FLOAT64' || arg.type === 'INT64';
  return param === arg.type;
}

/**
 * Checks arity and types; returns a sentence saying what is wrong, or undefined. FLOAT64
 * parameters accept INT64 (widened), as Pixie's overloads do.
 */
export function checkArgs(
  fn: string,
  args: readonly ArgInfo[],
  params: readonly ParamType[],
): string | undefined {
  const ok =
    args.length === params.length && params.every((p, i) => accepts(p, args[i] as ArgInfo));
  if (ok) return undefined;
  const wanted = params.map((p) => (p === 'NUMBER' ? 'INT64|FLOAT64' : p)).join(', ');
  return `px.${fn} takes (${wanted}), got ${describeTypes(args)}`;
}

/** For arguments that must be known before the query runs (regex patterns, quantile levels). */
export function checkConstant(fn: string, args: readonly ArgInfo[], index: number, what: string) {
  return args[index]?.value === undefined
    ? `px.${fn}: the ${what} must be a constant, not a column`
    : undefined;
}
