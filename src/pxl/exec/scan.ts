import type { Chunk, ColumnChunk, ColumnSpec, TableSchema } from '../../store/index.js';
import { checkError } from '../plan/diagnostics.js';
import type { Scan } from '../plan/nodes.js';
import type { Field } from '../plan/types.js';
import { Batch } from './batch.js';
import type { ExecContext } from './context.js';
import type { Operator } from './operator.js';
import { selectRows } from './select-rows.js';
import type { Vector } from './vector.js';

/**
 * Reads a table snapshot chunk by chunk; each chunk's columns become a batch without copying.
 * Chunks wholly outside [startNs, endNs] are skipped on their min/max times; rows of the
 * chunks at the edges are compared exactly (offsets against the bounds as exact integers).
 */
export function scanOperator(node: Scan, ctx: ExecContext): Operator {
  const schema = ctx.tables.schema(node.table);
  if (schema === undefined) {
    throw checkError(
      'unknown-table',
      `no table '${node.table}'`,
      node.span,
      `tables: ${ctx.tables.tableNames().join(', ')}`,
    );
  }
  const indices = selectedColumns(node, schema);
  const relation: Field[] = indices.map((i) => {
    const spec = schema.columns[i] as ColumnSpec;
    return { name: spec.name, type: spec.type, semantic: spec.semantic };
  });
  const timeIndex = schema.columns.findIndex((c) => c.type === 'TIME64NS' && c.name === 'time_');
  return {
    relation,
    *batches() {
      for (const chunk of ctx.snapshot(node.table).chunks) {
        ctx.checkDeadline(node.span);
        if (chunk.rowCount === 0 || outside(chunk, node)) continue;
        const batch = new Batch(
          chunk.rowCount,
          indices.map((i, k) => toVector(chunk.columns[i] as ColumnChunk, relation[k] as Field)),
        );
        yield timeIndex < 0 ? batch : clipToRange(batch, chunk, timeIndex, node);
      }
    },
  };
}

function selectedColumns(node: Scan, schema: TableSchema): number[] {
  if (node.select === undefined) return schema.columns.map((_, i) => i);
  return node.select.map((name) => {
    const index = schema.columns.findIndex((c) => c.name === name);
    if (index < 0) {
      throw checkError(
        'unknown-column',
        `table '${schema.name}' has no column '${name}'`,
        node.span,
        `columns: ${schema.columns.map((c) => c.name).join(', ')}`,
      );
    }
    return index;
  });
}

function outside(chunk: Chunk, node: Scan): boolean {
  return (
    (node.startNs !== undefined && chunk.maxTimeNs < node.startNs) ||
    (node.endNs !== undefined && chunk.minTimeNs > node.endNs)
  );
}

function toVector(column: ColumnChunk, field: Field): Vector {
  switch (column.kind) {
    case 'number':
      return { kind: 'number', type: field.type as 'INT64', lane: column.lane };
    case 'time':
      return { kind: 'time', baseNs: column.baseNs, lane: column.lane };
    case 'dict':
      return field.type === 'UINT128'
        ? { kind: 'uint128', codes: column.codes, dict: column.dict as readonly bigint[] }
        : { kind: 'string', codes: column.codes, dict: column.dict as readonly string[] };
  }
}

function clipToRange(batch: Batch, chunk: Chunk, timeIndex: number, node: Scan): Batch {
  const inside =
    (node.startNs === undefined || chunk.minTimeNs >= node.startNs) &&
    (node.endNs === undefined || chunk.maxTimeNs <= node.endNs);
  const column = chunk.columns[timeIndex];
  if (inside || column?.kind !== 'time') return batch;
  const low = node.startNs === undefined ? -Infinity : bound(node.startNs - column.baseNs);
  const high = node.endNs === undefined ? Infinity : bound(node.endNs - column.baseNs);
  const lane = column.lane;
  const selection = new Uint32Array(chunk.rowCount);
  let count = 0;
  for (let i = 0; i < chunk.rowCount; i++) {
    const offset = typeof lane === 'number' ? lane : (lane[i] as number);
    if (offset >= low && offset <= high) selection[count++] = i;
  }
  return selectRows(batch, selection, count);
}

/** A bound relative to the chunk base; beyond 2^53 it lies past every offset either way. */
function bound(delta: bigint): number {
  if (delta > 2n ** 53n) return Infinity;
  if (delta < -(2n ** 53n)) return -Infinity;
  return Number(delta);
}
