import type { MapNode } from '../plan/nodes.js';
import { fieldIndex, type Field, type Relation } from '../plan/types.js';
import { Batch, type ColumnSource } from './batch.js';
import { bindExpr, type BoundExpr } from './bind-expr.js';
import type { ExecContext } from './context.js';
import type { Operator } from './operator.js';

interface Step {
  readonly expr: BoundExpr;
  /** The column replaced, or the relation's length when the column is new. */
  readonly index: number;
}

/**
 * Adds or replaces columns. Each assignment is bound against the relation left by the ones
 * before it, so `a = x + 1, b = a * 2` works in one node.
 */
export function mapOperator(node: MapNode, input: Operator, ctx: ExecContext): Operator {
  let relation: Relation = input.relation;
  const steps: Step[] = [];
  for (const assignment of node.assignments) {
    const expr = bindExpr(assignment.expr, relation, ctx);
    const field: Field = { name: assignment.name, type: expr.type, semantic: expr.semantic };
    const existing = fieldIndex(relation, assignment.name);
    const index = existing < 0 ? relation.length : existing;
    relation =
      existing < 0 ? [...relation, field] : relation.map((f, i) => (i === index ? field : f));
    steps.push({ expr, index });
  }
  return {
    relation,
    *batches() {
      for (const batch of input.batches()) {
        let current = batch;
        for (const step of steps) {
          const sources: ColumnSource[] = Array.from({ length: current.width }, (_, c) =>
            current.source(c),
          );
          sources[step.index] = step.expr.evaluate(current);
          current = new Batch(current.length, sources);
        }
        yield current;
      }
    },
  };
}
