import { checkError } from '../plan/diagnostics.js';
import type { Drop, Project } from '../plan/nodes.js';
import { fieldIndex, type Relation } from '../plan/types.js';
import { Batch } from './batch.js';
import { unknownColumn } from './bind-expr.js';
import type { Operator } from './operator.js';

/** Keeps the named columns in the given order; no data is copied. */
export function projectOperator(node: Project, input: Operator): Operator {
  const seen = new Set<string>();
  const indices = node.columns.map((name) => {
    if (seen.has(name))
      throw checkError('duplicate-column', `column '${name}' is listed twice`, node.span);
    seen.add(name);
    return indexOf(input.relation, name, node.span);
  });
  return pick(input, indices);
}

export function dropOperator(node: Drop, input: Operator): Operator {
  const dropped = new Set(node.columns.map((name) => indexOf(input.relation, name, node.span)));
  return pick(
    input,
    input.relation.map((_, i) => i).filter((i) => !dropped.has(i)),
  );
}

function indexOf(relation: Relation, name: string, span: Project['span']): number {
  const index = fieldIndex(relation, name);
  if (index < 0) throw unknownColumn(name, relation, span);
  return index;
}

function pick(input: Operator, indices: readonly number[]): Operator {
  return {
    relation: indices.map((i) => input.relation[i] as Relation[number]),
    *batches() {
      for (const batch of input.batches()) {
        yield new Batch(
          batch.length,
          indices.map((i) => batch.source(i)),
        );
      }
    },
  };
}
