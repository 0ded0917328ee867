import { checkError } from '../plan/diagnostics.js';
import type { Limit } from '../plan/nodes.js';
import type { Operator } from './operator.js';
import { sliceRows } from './select-rows.js';

/** The first n rows; stops reading its input as soon as it has them. */
export function limitOperator(node: Limit, input: Operator): Operator {
  if (!Number.isInteger(node.n) || node.n < 0) {
    throw checkError('limit', `head() needs a whole number of rows >= 0, got ${node.n}`, node.span);
  }
  return {
    relation: input.relation,
    *batches() {
      let left = node.n;
      if (left === 0) return;
      for (const batch of input.batches()) {
        if (batch.length <= left) {
          yield batch;
          left -= batch.length;
        } else {
          yield sliceRows(batch, 0, left);
          left = 0;
        }
        if (left === 0) return;
      }
    },
  };
}
