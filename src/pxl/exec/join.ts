import type { Join } from '../plan/nodes.js';
import type { DataType, Relation } from '../plan/types.js';
import { Batch, type ColumnSource } from './batch.js';
import type { ExecContext } from './context.js';
import { gatherBatches } from './gather.js';
import type { Grouping } from './grouping.js';
import { joinKeys, joinRelation } from './join-relation.js';
import type { Operator } from './operator.js';
import { selectRows } from './select-rows.js';
import { collect, OUTPUT_BATCH_ROWS } from './sort.js';
import { constant, type Vector } from './vector.js';
import { BuildSide } from './join-build.js';

const ZERO: Record<DataType, bigint | number | string | boolean> = {
  INT64: 0,
  FLOAT64: 0,
  BOOLEAN: false,
  STRING: '',
  TIME64NS: 0n,
  UINT128: 0n,
};

/**
 * Hash equi-join. The right side is read into a hash table (the left for how='right') and
 * the other side streams past it. Matched rows come out together; rows without a partner
 * come out in batches of their own, the missing side filled with each type's zero value.
 */
export function joinOperator(
  node: Join,
  left: Operator,
  right: Operator,
  ctx: ExecContext,
): Operator {
  const keys = joinKeys(node, left.relation, right.relation);
  const relation = joinRelation(node, left.relation, right.relation);
  const buildIsLeft = node.how === 'right';
  const [build, probe] = buildIsLeft ? [left, right] : [right, left];
  const [buildKeys, probeKeys] = buildIsLeft ? [keys.left, keys.right] : [keys.right, keys.left];
  const keepProbeMisses = node.how !== 'inner';
  return {
    relation,
    *batches() {
      const side = new BuildSide(
        collect(build, ctx, 'rows of a merge', node.span),
        build.relation,
        buildKeys,
      );
      const grouping = side.grouping;
      const compose = (probeCols: ColumnSource[], buildCols: ColumnSource[], rows: number) =>
        new Batch(rows, buildIsLeft ? [...buildCols, ...probeCols] : [...probeCols, ...buildCols]);
      for (const batch of probe.batches()) {
        ctx.checkDeadline(node.span);
        yield* probeBatch(
          batch,
          side,
          grouping,
          probeKeys,
          compose,
          keepProbeMisses ? build.relation : undefined,
        );
      }
      if (node.how === 'outer') {
        const misses = side.unmatchedRefs();
        for (const out of gatherBatches(
          side.batches,
          build.relation,
          misses,
          0,
          misses.batchOf.length,
          OUTPUT_BATCH_ROWS,
        )) {
          yield compose(defaults(probe.relation), columnsOf(out), out.length);
        }
      }
    },
  };
}

function* probeBatch(
  batch: Batch,
  side: BuildSide,
  grouping: Grouping,
  probeKeys: readonly number[],
  compose: (probe: ColumnSource[], build: ColumnSource[], rows: number) => Batch,
  missesWith: Relation | undefined,
): Generator<Batch> {
  const groups = new Int32Array(batch.length);
  grouping.assign(
    probeKeys.map((k) => batch.column(k)),
    batch.length,
    groups,
    false,
  );
  const matches = side.match(groups, batch.length);
  for (let from = 0; from < matches.count;) {
    const to = Math.min(matches.count, from + OUTPUT_BATCH_ROWS);
    for (const out of gatherBatches(
      side.batches,
      side.relation,
      matches.build,
      from,
      to,
      OUTPUT_BATCH_ROWS,
    )) {
      const probeRows = matches.probe.subarray(from, from + out.length);
      const selected = selectRows(batch, Uint32Array.from(probeRows), out.length);
      yield compose(columnsOf(selected), columnsOf(out), out.length);
      from += out.length;
    }
  }
  if (missesWith !== undefined && matches.missCount > 0) {
    const selected = selectRows(batch, matches.misses, matches.missCount);
    yield compose(columnsOf(selected), defaults(missesWith), matches.missCount);
  }
}

function columnsOf(batch: Batch): ColumnSource[] {
  return Array.from({ length: batch.width }, (_, c) => batch.source(c));
}

function defaults(relation: Relation): Vector[] {
  return relation.map((f) => constant(f.type, ZERO[f.type]));
}
