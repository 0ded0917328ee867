import { column, Store, timeColumn, upidColumn, type TableSchema } from '../../../store/index.js';
import type { Expr } from '../../plan/expr.js';
import type { PlanNode } from '../../plan/nodes.js';
import type { Field, ScalarValue } from '../../plan/types.js';
import type { ExecOptions } from '../context.js';
import { executePlan } from '../execute.js';
import { cellValue, type ResultTable } from '../result.js';

/**
 * A small table for engine tests: every column type, with semantic types, stored through the
 * real Store in tiny chunks so multi-chunk paths (dictionaries per chunk, time bases) run.
 */
export const REQUESTS: TableSchema = {
  name: 'requests',
  description: 'Engine test rows.',
  columns: [
    timeColumn,
    upidColumn,
    column('service', 'STRING', 'Service name.'),
    column('path', 'STRING', 'Request path.'),
    column('latency', 'INT64', 'Latency, ns.', { semantic: 'ST_DURATION_NS' }),
    column('status', 'INT64', 'Status code.', { semantic: 'ST_HTTP_RESP_STATUS' }),
    column('bytes', 'INT64', 'Response size.', { semantic: 'ST_BYTES' }),
    column('ok', 'BOOLEAN', 'Whether it succeeded.'),
    column('ratio', 'FLOAT64', 'Some fraction.'),
  ],
};

export interface RequestRow {
  readonly time: bigint;
  readonly upid: bigint;
  readonly service: string;
  readonly path: string;
  readonly latency: number;
  readonly status: number;
  readonly bytes: number;
  readonly ok: boolean;
  readonly ratio: number;
}

export const T0 = 1_732_456_789_123_456_789n;

/** Deterministic rows: a few services and paths, varied latencies, statuses and times. */
export function requestRows(count: number, seed = 7): RequestRow[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const services = ['cart', 'users', 'auth', 'search'];
  const paths = ['/a', '/b', '/c/1', '/c/2', '/'];
  const statuses = [200, 200, 200, 201, 404, 500];
  let time = T0;
  return Array.from({ length: count }, (_, i) => {
    time += BigInt(1 + Math.floor(random() * 3_000_000_001));
    const latency = Math.floor(Math.exp(8 + random() * 8));
    const status = statuses[Math.floor(random() * statuses.length)] as number;
    return {
      time,
      upid: (BigInt(1 + (i % 3)) << 64n) | 12345n,
      service: services[Math.floor(random() * services.length)] as string,
      path: paths[Math.floor(random() * paths.length)] as string,
      latency,
      status,
      bytes: Math.floor(random() * 5000),
      ok: status < 400,
      ratio: Math.round(random() * 1000) / 1000,
    };
  });
}

/** A Store holding `rows` in the `requests` table, appended in batches of `batchRows`. */
export function storeWith(rows: readonly RequestRow[], chunkRows = 7, batchRows = 5): Store {
  const store = new Store({ budgetBytes: 1 << 30, schemas: [REQUESTS], chunkRows, now: () => T0 });
  for (let from = 0; from < rows.length; from += batchRows) {
    const part = rows.slice(from, from + batchRows);
    store.append('requests', {
      length: part.length,
      columns: {
        time_: part.map((r) => r.time),
        upid: part.map((r) => r.upid),
        service: part.map((r) => r.service),
        path: part.map((r) => r.path),
        latency: part.map((r) => r.latency),
        status: part.map((r) => r.status),
        bytes: part.map((r) => r.bytes),
        ok: part.map((r) => r.ok),
        ratio: part.map((r) => r.ratio),
      },
    });
  }
  return store;
}

/** A result's rows as objects keyed by column name (for assertions). */
export function records(result: ResultTable): Record<string, ScalarValue>[] {
  return Array.from({ length: result.rowCount }, (_, row) =>
    Object.fromEntries(result.columns.map((c) => [c.name, cellValue(c, row)])),
  );
}

/** Scans the test table. */
export const scanRequests: PlanNode = { kind: 'Scan', table: 'requests' };

/** Evaluates `expr` on every row of the test table: its values and output field. */
export function evaluate(
  store: Store,
  expr: Expr,
  options: ExecOptions = {},
): { values: ScalarValue[]; field: Field } {
  const plan: PlanNode = {
    kind: 'Project',
    input: { kind: 'Map', input: scanRequests, assignments: [{ name: 'out', expr }] },
    columns: ['out'],
  };
  const result = executePlan(plan, store, options);
  return {
    values: records(result).map((r) => r['out'] as ScalarValue),
    field: result.relation[0] as Field,
  };
}
