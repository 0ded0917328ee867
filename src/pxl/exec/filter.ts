import { checkError } from '../plan/diagnostics.js';
import type { Filter } from '../plan/nodes.js';
import { bindExpr } from './bind-expr.js';
import type { ExecContext } from './context.js';
import type { Operator } from './operator.js';
import { selectRows } from './select-rows.js';

/** Keeps rows where the predicate is true; untouched batches pass through as they are. */
export function filterOperator(node: Filter, input: Operator, ctx: ExecContext): Operator {
  const predicate = bindExpr(node.predicate, input.relation, ctx);
  if (predicate.type !== 'BOOLEAN') {
    throw checkError(
      'filter-type',
      `a filter needs a BOOLEAN condition, got ${predicate.type}`,
      node.predicate.span ?? node.span,
    );
  }
  return {
    relation: input.relation,
    *batches() {
      for (const batch of input.batches()) {
        const v = predicate.evaluate(batch);
        const lane = v.kind === 'number' ? v.lane : 0;
        if (typeof lane === 'number') {
          if (lane !== 0) yield batch;
          continue;
        }
        const selection = new Uint32Array(batch.length);
        let count = 0;
        for (let i = 0; i < batch.length; i++) if (lane[i] !== 0) selection[count++] = i;
        if (count === batch.length) yield batch;
        else if (count > 0) yield selectRows(batch, selection, count);
      }
    },
  };
}
