import { exprKey, type Call, type Expr } from '../plan/expr.js';
import type { PlanNode } from '../plan/nodes.js';
import { fieldIndex, type Field } from '../plan/types.js';
import type { CachedLookup, CompileContext } from './context.js';
import { sameColumns } from './frame-ops.js';
import { dnsLatencyJoin, lookupJoin, type Keyed } from './lower-dns.js';
import type { LookupValue } from './lookup-tables.js';
import {
  DNS_LATENCY,
  evaluator,
  familyOf,
  isPlain,
  readyRoots,
  treeLeaves,
  type Leaves,
} from './metadata-trees.js';
import { metadataFunction } from './metadata-functions.js';
import type { Frame } from './values.js';

/**
 * Lowers metadata calls (px.upid_to_pod_name, df.ctx[...], the course's df.service and
 * df.dns_resp_latency) into joins with lookup tables. A tree of metadata calls over plain
 * expressions (`pod_id_to_pod_name(ip_to_pod_id(df.remote_addr))`) becomes one lookup keyed
 * by the plain expressions; trees with the same keys share a table, and a later frame reuses
 * the table of an earlier one it descends from.
 */
export interface Lowered {
  readonly frame: Frame;
  readonly exprs: readonly Expr[];
  /** Columns the lowering added, to drop once the operation is built. */
  readonly hidden: readonly string[];
}

const MAX_ROUNDS = 32;

function replace(expr: Expr, done: ReadonlyMap<Expr, Expr>): Expr {
  const hit = done.get(expr);
  if (hit !== undefined) return hit;
  switch (expr.kind) {
    case 'Call':
      return { ...expr, args: expr.args.map((a) => replace(a, done)) };
    case 'Binary':
      return { ...expr, left: replace(expr.left, done), right: replace(expr.right, done) };
    case 'Unary':
      return { ...expr, operand: replace(expr.operand, done) };
    default:
      return expr;
  }
}

export function lowerMetadata(
  ctx: CompileContext,
  frame: Frame,
  exprs: readonly Expr[],
): Lowered | undefined {
  let current = frame;
  let list = exprs;
  const hidden: string[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const roots: Call[] = [];
    for (const e of list) readyRoots(e, roots);
    if (roots.length === 0) return { frame: current, exprs: list, hidden };
    const done = new Map<Expr, Expr>();
    for (const group of groupByKeys(roots)) {
      const joined = lookupGroup(ctx, current, group, hidden);
      if (joined === undefined) return undefined;
      current = joined.frame;
      group.forEach((root, k) => done.set(root, joined.values[k] as Expr));
    }
    list = list.map((e) => replace(e, done));
  }
  return undefined;
}

/** Roots with the same leaves (by text) share one lookup; the DNS latency join stands alone. */
function groupByKeys(roots: readonly Call[]): Call[][] {
  const groups = new Map<string, Call[]>();
  roots.forEach((root, n) => {
    const leaves = treeLeaves(root) ?? [];
    const key = root.fn === DNS_LATENCY ? `dns#${n}` : leaves.map(exprKey).join('|');
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [root]);
    else group.push(root);
  });
  return [...groups.values()];
}

interface KeyColumns extends Keyed, Leaves {}

/** Puts each distinct leaf in a column (plain columns are used as they are). */
function keyColumns(
  ctx: CompileContext,
  frame: Frame,
  leaves: readonly Expr[],
  hidden: string[],
): KeyColumns | undefined {
  const keys: string[] = [];
  const names: string[] = [];
  const assignments: { name: string; expr: Expr }[] = [];
  for (const leaf of leaves) {
    const key = exprKey(leaf);
    if (keys.includes(key)) continue;
    keys.push(key);
    if (leaf.kind === 'Column') names.push(leaf.name);
    else {
      const name = ctx.hidden('k');
      assignments.push({ name, expr: leaf });
      names.push(name);
      hidden.push(name);
    }
  }
  const keyed =
    assignments.length === 0
      ? frame
      : ctx.frame({ kind: 'Map', input: frame.plan, assignments }, frame.table);
  const relation = keyed.relation;
  if (relation === undefined) return undefined;
  const fields = names.map((name) => relation[fieldIndex(relation, name)] as Field);
  return { frame: keyed, names, fields, keys };
}

type Joined = { frame: Frame; values: Expr[] } | undefined;

const column = (name: string | undefined): Expr => ({ kind: 'Column', name: name ?? '' });

function lookupGroup(
  ctx: CompileContext,
  frame: Frame,
  group: readonly Call[],
  hidden: string[],
): Joined {
  const first = group[0] as Call;
  const leaves = treeLeaves(first) ?? [];
  // Calls straight on plain arguments may share a table with earlier calls on the same keys.
  const simple = group.every((root) => root.args.every(isPlain))
    ? leaves.map(exprKey).join('|')
    : undefined;
  const cached = simple === undefined ? undefined : reusable(ctx, frame, simple, leaves, group);
  const keyed = keyColumns(ctx, frame, leaves, hidden);
  if (keyed === undefined) return undefined;
  if (first.fn === DNS_LATENCY)
    return dnsLatencyJoin(ctx, keyed, keyed.fields[0]?.type, first, hidden);
  const lookup = cached ?? newLookup(ctx, frame, keyed, group, simple);
  if (lookup === undefined) return undefined;
  hidden.push(...lookup.keys, ...lookup.columns.values());
  const joined = lookupJoin(
    ctx,
    keyed,
    { kind: 'Scan', table: lookup.table },
    lookup.keys,
    first.span,
  );
  return { frame: joined, values: group.map((root) => column(lookup.columns.get(root.fn))) };
}

/** A lookup table for the group (and, for simple calls, their whole family), registered to run. */
function newLookup(
  ctx: CompileContext,
  frame: Frame,
  keyed: KeyColumns,
  group: readonly Call[],
  signature: string | undefined,
): CachedLookup | undefined {
  const roots = signature === undefined ? group : familyCalls(group);
  const evaluators = roots.map((root) => evaluator(ctx, root, keyed));
  if (evaluators.some((e) => e === undefined)) return undefined;
  const table = ctx.hidden('lookup');
  const keys = keyed.fields.map((f) => ({ ...f, name: ctx.hidden('l') }));
  const values = roots.map((root, k): LookupValue => {
    const spec = metadataFunction(root.fn);
    return {
      name: ctx.hidden('v'),
      type: spec?.result ?? 'STRING',
      semantic: spec?.semantic ?? 'ST_NONE',
      compute: evaluators[k] as LookupValue['compute'],
    };
  });
  const keysPlan: PlanNode = {
    kind: 'Agg',
    input: keyed.frame.plan,
    groupBy: keyed.names,
    aggregates: [],
  };
  ctx.addLookup({ table, keysPlan, keys, values });
  const columns = new Map(roots.map((root, k) => [root.fn, (values[k] as LookupValue).name]));
  const entry = {
    signature: signature ?? '',
    frame,
    table,
    keys: keys.map((k) => k.name),
    columns,
  };
  if (signature !== undefined) ctx.cacheLookup(entry);
  return entry;
}

/** The group's calls plus one call of every function of the same family, on the same arguments. */
function familyCalls(group: readonly Call[]): Call[] {
  const first = group[0] as Call;
  const calls = [...group];
  for (const f of familyOf(first.fn)) {
    if (!calls.some((c) => c.fn === f.name)) calls.push({ ...first, fn: f.name });
  }
  return calls;
}

/** An earlier lookup on the same keys whose frame this one descends from, with the keys unchanged. */
function reusable(
  ctx: CompileContext,
  frame: Frame,
  signature: string,
  leaves: readonly Expr[],
  group: readonly Call[],
) {
  const read: Expr = { kind: 'Call', fn: '', args: leaves };
  const present = new Set((frame.relation ?? []).map((f) => f.name));
  return ctx
    .cachedLookups(signature)
    .find(
      (entry) =>
        group.every((root) => entry.columns.has(root.fn)) &&
        !entry.keys.some((k) => present.has(k)) &&
        sameColumns(ctx, entry.frame, frame, read),
    );
}
