import { exprKey, type Call, type Expr } from '../plan/expr.js';
import type { DataType, Field, ScalarValue } from '../plan/types.js';
import type { Span } from '../syntax/index.js';
import type { CompileContext } from './context.js';
import type { LookupValue } from './lookup-tables.js';
import {
  metadataFunction,
  metadataFunctions,
  type MetadataFunction,
} from './metadata-functions.js';

/**
 * Trees of metadata calls over plain expressions (`pod_id_to_pod_name(ip_to_pod_id(ip))`):
 * finding them in an expression and turning each into a function of its leaves' values.
 */
export const DNS_LATENCY = 'dialect.dns_resp_latency';

export function isMetadataCall(expr: Expr): expr is Call {
  return (
    expr.kind === 'Call' && (expr.fn === DNS_LATENCY || metadataFunction(expr.fn) !== undefined)
  );
}

export function children(expr: Expr): readonly Expr[] {
  if (expr.kind === 'Call') return expr.args;
  if (expr.kind === 'Binary') return [expr.left, expr.right];
  if (expr.kind === 'Unary') return [expr.operand];
  return [];
}

export function isPlain(expr: Expr): boolean {
  return !isMetadataCall(expr) && children(expr).every(isPlain);
}

/** The plain leaves of a metadata tree, or undefined when some argument mixes both kinds. */
export function treeLeaves(expr: Expr): Expr[] | undefined {
  const leaves: Expr[] = [];
  for (const arg of (expr as Call).args) {
    if (isPlain(arg)) leaves.push(arg);
    else if (isMetadataCall(arg) && arg.fn !== DNS_LATENCY) {
      const inner = treeLeaves(arg);
      if (inner === undefined) return undefined;
      leaves.push(...inner);
    } else return undefined;
  }
  return leaves;
}

/** Metadata trees whose leaves are all plain, outermost first. */
export function readyRoots(expr: Expr, out: Call[]): void {
  if (isMetadataCall(expr) && treeLeaves(expr) !== undefined) {
    out.push(expr);
    return;
  }
  for (const child of children(expr)) readyRoots(child, out);
}

/** The distinct leaves of a lookup, by text, with their types. */
export interface Leaves {
  readonly keys: readonly string[];
  readonly fields: readonly Field[];
}

type Evaluate = (
  leaves: readonly ScalarValue[],
  meta: Parameters<LookupValue['compute']>[1],
) => ScalarValue;

/** Type-checks a metadata tree and returns its evaluator over the leaf values. */
export function evaluator(
  ctx: CompileContext,
  root: Call,
  leaves: Leaves,
): LookupValue['compute'] | undefined {
  const build = (expr: Expr): { type: DataType; run: Evaluate } | undefined => {
    if (!isMetadataCall(expr)) {
      const index = leaves.keys.indexOf(exprKey(expr));
      return {
        type: (leaves.fields[index] as Field).type,
        run: (values) => values[index] as ScalarValue,
      };
    }
    const spec = metadataFunction(expr.fn);
    const args = expr.args.map(build);
    if (spec === undefined || args.some((a) => a === undefined)) return undefined;
    const types = args.map((a) => a?.type);
    if (types.length !== spec.params.length || types.some((t, i) => t !== spec.params[i])) {
      ctx.report(
        'bad-arguments',
        `${describeCall(expr.fn)} takes (${spec.params.join(', ')}), got (${types.join(', ')})`,
        expr.span ?? (root.span as Span),
      );
      return undefined;
    }
    const runs = args.map((a) => (a as { run: Evaluate }).run);
    return {
      type: spec.result,
      run: (values, meta) =>
        spec.compute(
          runs.map((r) => r(values, meta)),
          meta,
        ),
    };
  };
  return build(root)?.run;
}

function describeCall(fn: string): string {
  if (fn.startsWith('ctx.')) return `df.ctx['${fn.slice(4)}'] (a upid column)`;
  if (fn.startsWith('dialect.')) return `df.${fn.slice(8)} (from the upid column)`;
  return `px.${fn}`;
}

/**
 * The functions taking the same arguments as `fn`: a lookup computes all of them, so later
 * calls on the same keys (df.ctx['pod'], then df.ctx['service']) reuse its table.
 */
export function familyOf(fn: string): readonly MetadataFunction[] {
  const spec = metadataFunction(fn);
  if (spec === undefined) return [];
  const params = spec.params.join(',');
  return metadataFunctions().filter((f) => f.params.join(',') === params);
}
