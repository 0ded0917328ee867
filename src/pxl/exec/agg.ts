import { aggregateFunction } from '../functions/registry.js';
import type { BoundAggregate, GroupStates } from '../functions/types.js';
import { checkError } from '../plan/diagnostics.js';
import { exprKey } from '../plan/expr.js';
import type { Agg, AggregateSpec } from '../plan/nodes.js';
import { fieldIndex, type Field, type Relation } from '../plan/types.js';
import { Batch } from './batch.js';
import { bindExpr, unknownColumn, type BoundExpr } from './bind-expr.js';
import type { ExecContext } from './context.js';
import { Grouping } from './grouping.js';
import type { Operator } from './operator.js';

/** One GroupStates fed by one input expression; several aggregates may read it. */
interface StateSlot {
  readonly input: BoundExpr;
  readonly create: () => GroupStates;
}

interface Output {
  readonly bound: BoundAggregate;
  readonly slot: number;
}

/**
 * Group-by: rows get group ids from their key columns (dictionary codes resolve once per
 * chunk), then every aggregate folds whole batches into typed-array states. Blocking: one
 * batch of groups comes out once the input is exhausted.
 */
export function aggOperator(node: Agg, input: Operator, ctx: ExecContext): Operator {
  const keyIndices = node.groupBy.map((name) => {
    const index = fieldIndex(input.relation, name);
    if (index < 0) throw unknownColumn(name, input.relation, node.span);
    return index;
  });
  const slots: StateSlot[] = [];
  const slotByKey = new Map<string, number>();
  const outputs = node.aggregates.map((spec): Output => {
    const { bound, input: expr } = bindAggregate(spec, input.relation, ctx, node);
    const key = `${bound.stateKey}|${exprKey(spec.input)}`;
    let slot = slotByKey.get(key);
    if (slot === undefined) {
      slot = slots.push({ input: expr, create: () => bound.createStates() }) - 1;
      slotByKey.set(key, slot);
    }
    return { bound, slot };
  });
  const relation = outputRelation(node, input.relation, keyIndices, outputs);
  return {
    relation,
    *batches() {
      yield runAgg(node, input, ctx, keyIndices, slots, outputs);
    },
  };
}

function bindAggregate(spec: AggregateSpec, relation: Relation, ctx: ExecContext, node: Agg) {
  const fn = aggregateFunction(spec.fn);
  const span = spec.span ?? node.span;
  if (fn === undefined)
    throw checkError(
      'unknown-aggregate',
      `no aggregate px.${spec.fn}`,
      span,
      'aggregates: count, sum, mean, min, max, any, quantiles',
    );
  const input = bindExpr(spec.input, relation, ctx);
  const bound = fn.bind({ type: input.type, semantic: input.semantic }, spec.args ?? []);
  if (typeof bound === 'string') throw checkError('bad-arguments', bound, span);
  return { bound, input };
}

function outputRelation(
  node: Agg,
  input: Relation,
  keys: readonly number[],
  outputs: readonly Output[],
): Relation {
  const relation: Field[] = keys.map((i) => input[i] as Field);
  node.aggregates.forEach((spec, i) => {
    const { bound } = outputs[i] as Output;
    relation.push({ name: spec.name, type: bound.type, semantic: bound.semantic });
  });
  const names = new Set<string>();
  for (const field of relation) {
    if (names.has(field.name))
      throw checkError(
        'duplicate-column',
        `agg() produces column '${field.name}' twice`,
        node.span,
      );
    names.add(field.name);
  }
  return relation;
}

function runAgg(
  node: Agg,
  input: Operator,
  ctx: ExecContext,
  keyIndices: readonly number[],
  slots: readonly StateSlot[],
  outputs: readonly Output[],
): Batch {
  const grouping = new Grouping(keyIndices.map((i) => (input.relation[i] as Field).type));
  const states = slots.map((s) => s.create());
  for (const o of outputs) o.bound.attach?.(states[o.slot] as GroupStates);
  let groupIds = new Int32Array(0);
  let held = 0;
  for (const batch of input.batches()) {
    ctx.checkDeadline(node.span);
    const rows = batch.length;
    if (groupIds.length < rows) groupIds = new Int32Array(rows);
    grouping.assign(
      keyIndices.map((i) => batch.column(i)),
      rows,
      groupIds,
    );
    const groups = grouping.size;
    if (groups > held) {
      ctx.holdRows(groups - held, 'groups of a group-by', node.span);
      held = groups;
    }
    states.forEach((s, k) => {
      s.init(groups);
      s.add(groupIds, (slots[k] as StateSlot).input.evaluate(batch), rows);
    });
  }
  const groups = grouping.size;
  for (const s of states) s.init(groups);
  const columns = [
    ...grouping.keyVectors(),
    ...outputs.map((o) => o.bound.finalize(states[o.slot] as GroupStates, groups)),
  ];
  return new Batch(groups, columns);
}
