import { checkError } from '../plan/diagnostics.js';
import type { Sort } from '../plan/nodes.js';
import { fieldIndex } from '../plan/types.js';
import type { Batch } from './batch.js';
import { unknownColumn } from './bind-expr.js';
import type { ExecContext } from './context.js';
import { gatherBatches } from './gather.js';
import type { Operator } from './operator.js';
import { sortRows } from './sort-keys.js';

/** Rows out per batch from blocking operators. */
export const OUTPUT_BATCH_ROWS = 8192;

/** Orders all rows by the keys (stable); reads its whole input first. */
export function sortOperator(node: Sort, input: Operator, ctx: ExecContext): Operator {
  const keys = node.keys.map((name) => {
    const index = fieldIndex(input.relation, name);
    if (index < 0) throw unknownColumn(name, input.relation, node.span);
    return index;
  });
  const ascending =
    typeof node.ascending === 'boolean'
      ? keys.map(() => node.ascending as boolean)
      : [...node.ascending];
  if (ascending.length !== keys.length) {
    throw checkError(
      'sort-order',
      `sort() has ${keys.length} keys but ${ascending.length} ascending flags`,
      node.span,
    );
  }
  return {
    relation: input.relation,
    *batches() {
      const batches = collect(input, ctx, 'rows to sort', node.span);
      const refs = sortRows(batches, keys, ascending);
      yield* gatherBatches(
        batches,
        input.relation,
        refs,
        0,
        refs.batchOf.length,
        OUTPUT_BATCH_ROWS,
      );
    },
  };
}

/** Reads every batch of `input`, charging its rows to the query's row budget. */
export function collect(
  input: Operator,
  ctx: ExecContext,
  what: string,
  span: Sort['span'],
): Batch[] {
  const batches: Batch[] = [];
  for (const batch of input.batches()) {
    ctx.checkDeadline(span);
    ctx.holdRows(batch.length, what, span);
    if (batch.length > 0) batches.push(batch);
  }
  return batches;
}
