import { checkError } from '../plan/diagnostics.js';
import type { Union } from '../plan/nodes.js';
import { fieldIndex, type Relation } from '../plan/types.js';
import { Batch } from './batch.js';
import type { ExecContext } from './context.js';
import { gatherBatches } from './gather.js';
import type { Operator } from './operator.js';
import { collect, OUTPUT_BATCH_ROWS } from './sort.js';
import { sortRows } from './sort-keys.js';

/**
 * Rows of all inputs, columns in the first input's order. With a `time_` column the rows come
 * out ordered by it (as Pixie's append does), which means reading every input first.
 */
export function unionOperator(
  node: Union,
  inputs: readonly Operator[],
  ctx: ExecContext,
): Operator {
  const first = inputs[0];
  if (first === undefined)
    throw checkError('union', 'append() needs at least one data frame', node.span);
  const relation = first.relation;
  const orders = inputs.map((input) => columnOrder(relation, input.relation, node));
  const timeIndex = relation.findIndex((f) => f.name === 'time_' && f.type === 'TIME64NS');
  const aligned: Operator[] = inputs.map((input, k) => ({
    relation,
    *batches() {
      const order = orders[k] as readonly number[];
      for (const batch of input.batches())
        yield new Batch(
          batch.length,
          order.map((c) => batch.source(c)),
        );
    },
  }));
  return {
    relation,
    *batches() {
      if (timeIndex < 0) {
        for (const input of aligned) yield* input.batches();
        return;
      }
      const batches = aligned.flatMap((input) => collect(input, ctx, 'rows to append', node.span));
      const refs = sortRows(batches, [timeIndex], [true]);
      yield* gatherBatches(batches, relation, refs, 0, refs.batchOf.length, OUTPUT_BATCH_ROWS);
    },
  };
}

/** For each column of `target`, its index in `source`; the relations must match by name and type. */
function columnOrder(target: Relation, source: Relation, node: Union): number[] {
  const mismatch = () =>
    checkError(
      'union-columns',
      'append() needs data frames with the same columns and types',
      node.span,
      `(${target.map((f) => `${f.name}: ${f.type}`).join(', ')}) vs (${source.map((f) => `${f.name}: ${f.type}`).join(', ')})`,
    );
  if (source.length !== target.length) throw mismatch();
  return target.map((field) => {
    const index = fieldIndex(source, field.name);
    if (index < 0 || source[index]?.type !== field.type) throw mismatch();
    return index;
  });
}
