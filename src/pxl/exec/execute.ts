import type { OutputSpec, PlanNode, QueryPlan } from '../plan/nodes.js';
import type { Relation } from '../plan/types.js';
import type { Batch } from './batch.js';
import { aggOperator } from './agg.js';
import { ExecContext, type ExecOptions, type TableSource } from './context.js';
import { filterOperator } from './filter.js';
import { joinOperator } from './join.js';
import { limitOperator } from './limit.js';
import { mapOperator } from './map.js';
import type { Operator } from './operator.js';
import { dropOperator, projectOperator } from './project.js';
import { materialize, type ResultTable } from './result.js';
import { scanOperator } from './scan.js';
import { sortOperator } from './sort.js';
import { unionOperator } from './union.js';

/** Turns a plan node (and its inputs) into operators; binding checks every expression. */
export function buildOperator(node: PlanNode, ctx: ExecContext): Operator {
  switch (node.kind) {
    case 'Scan':
      return scanOperator(node, ctx);
    case 'Filter':
      return filterOperator(node, buildOperator(node.input, ctx), ctx);
    case 'Map':
      return mapOperator(node, buildOperator(node.input, ctx), ctx);
    case 'Project':
      return projectOperator(node, buildOperator(node.input, ctx));
    case 'Drop':
      return dropOperator(node, buildOperator(node.input, ctx));
    case 'Agg':
      return aggOperator(node, buildOperator(node.input, ctx), ctx);
    case 'Limit':
      return limitOperator(node, buildOperator(node.input, ctx));
    case 'Join':
      return joinOperator(node, buildOperator(node.left, ctx), buildOperator(node.right, ctx), ctx);
    case 'Union':
      return unionOperator(
        node,
        node.inputs.map((input) => buildOperator(input, ctx)),
        ctx,
      );
    case 'Sort':
      return sortOperator(node, buildOperator(node.input, ctx), ctx);
  }
}

/**
 * The columns a plan produces, without reading any data: what a compiler calls to resolve
 * names and report type errors (PxlCheckError) before running anything.
 */
export function checkPlan(
  node: PlanNode,
  tables: TableSource,
  options: ExecOptions = {},
): Relation {
  return buildOperator(node, new ExecContext(tables, options)).relation;
}

/**
 * Runs every output of a query against one snapshot per table. Throws PxlCheckError for a
 * plan that does not type-check and PxlRuntimeError for budget, deadline or value failures.
 */
export function executeQuery(
  query: QueryPlan,
  tables: TableSource,
  options: ExecOptions = {},
): ResultTable[] {
  const ctx = new ExecContext(tables, options);
  const operators = query.outputs.map((output) => ({
    output,
    operator: buildOperator(output.plan, ctx),
  }));
  const names = uniqueNames(query.outputs);
  return operators.map(({ operator }, i) => {
    const batches: Batch[] = [];
    for (const batch of operator.batches()) {
      ctx.holdRows(batch.length, 'result rows');
      batches.push(batch);
    }
    return materialize(names[i] as string, operator.relation, batches);
  });
}

/** One plan as one result table. */
export function executePlan(
  plan: PlanNode,
  tables: TableSource,
  options: ExecOptions = {},
  name = 'output',
): ResultTable {
  return executeQuery({ outputs: [{ name, plan }] }, tables, options)[0] as ResultTable;
}

/** Pixie's rule for repeated display names: the second 'x' becomes 'x_1', and so on. */
function uniqueNames(outputs: readonly OutputSpec[]): string[] {
  const seen = new Map<string, number>();
  return outputs.map(({ name }) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  });
}
