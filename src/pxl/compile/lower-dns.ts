import type { Call, Expr } from '../plan/expr.js';
import type { PlanNode, Scan } from '../plan/nodes.js';
import type { Span } from '../syntax/index.js';
import type { CompileContext } from './context.js';
import type { Frame } from './values.js';

/** A frame with its lookup keys in columns (see lower.ts). */
export interface Keyed {
  readonly frame: Frame;
  /** The frame's column holding each distinct leaf. */
  readonly names: readonly string[];
}

/** Joins `right` to the keyed frame on the key columns; every row keeps its single partner. */
export function lookupJoin(
  ctx: CompileContext,
  keyed: Keyed,
  right: PlanNode,
  rightOn: readonly string[],
  span: Span | undefined,
): Frame {
  const node: PlanNode = {
    kind: 'Join',
    left: keyed.frame.plan,
    right,
    how: 'inner',
    leftOn: keyed.names,
    rightOn,
    suffixes: ['_x', '_y'],
    ...(span === undefined ? {} : { span }),
  };
  ctx.markLookupJoin(node);
  return ctx.frame(node, keyed.frame.table);
}

/**
 * The course's `df.dns_resp_latency`: the mean latency of the DNS lookups the same process
 * made in the frame's time window (0 when it made none). The distinct upids are joined to the
 * per-process means first, so every row finds its partner and row order is kept.
 */
export function dnsLatencyJoin(
  ctx: CompileContext,
  keyed: Keyed,
  upidType: string | undefined,
  call: Call,
  hidden: string[],
): { frame: Frame; values: Expr[] } | undefined {
  if (upidType !== 'UINT128') {
    ctx.report(
      'bad-arguments',
      'df.dns_resp_latency needs a UINT128 upid column',
      call.span as Span,
    );
    return undefined;
  }
  const [key, dnsKey, value] = [ctx.hidden('l'), ctx.hidden('d'), ctx.hidden('v')];
  hidden.push(key, dnsKey, value);
  const scan = findScan(ctx, keyed.frame.plan);
  const dnsScan: Scan = {
    kind: 'Scan',
    table: 'dns_events',
    ...(scan?.startNs === undefined ? {} : { startNs: scan.startNs }),
    ...(scan?.endNs === undefined ? {} : { endNs: scan.endNs }),
  };
  const column = (name: string): Expr => ({ kind: 'Column', name });
  const distinct: PlanNode = {
    kind: 'Agg',
    input: {
      kind: 'Map',
      input: keyed.frame.plan,
      assignments: [{ name: key, expr: column(keyed.names[0] as string) }],
    },
    groupBy: [key],
    aggregates: [],
  };
  const means: PlanNode = {
    kind: 'Agg',
    input: { kind: 'Map', input: dnsScan, assignments: [{ name: dnsKey, expr: column('upid') }] },
    groupBy: [dnsKey],
    aggregates: [{ name: value, fn: 'mean', input: column('latency') }],
  };
  const table: PlanNode = {
    kind: 'Join',
    left: distinct,
    right: means,
    how: 'left',
    leftOn: [key],
    rightOn: [dnsKey],
    suffixes: ['_x', '_y'],
  };
  return { frame: lookupJoin(ctx, keyed, table, [key], call.span), values: [column(value)] };
}

/** The Scan a frame reads, through single-input operations and metadata lookups. */
function findScan(ctx: CompileContext, plan: PlanNode): Scan | undefined {
  let node: PlanNode = plan;
  for (;;) {
    if (node.kind === 'Scan') return node;
    if (node.kind === 'Union') return undefined;
    if (node.kind === 'Join') {
      if (!ctx.isLookupJoin(node)) return undefined;
      node = node.left;
    } else node = node.input;
  }
}
