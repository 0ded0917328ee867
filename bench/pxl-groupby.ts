import {
  BIGINT,
  DuckDBDataChunk,
  DuckDBInstance,
  INTEGER,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { binary, col, int } from '../src/pxl/plan/expr.js';
import type { PlanNode } from '../src/pxl/plan/nodes.js';
import { executePlan } from '../src/pxl/exec/execute.js';
import { column, httpEvents, Store, type RowBatch, type TableSchema } from '../src/store/index.js';
import { HttpMix } from './data/http-mix.js';
import { collectGarbage, printHeader, printRatio, printRows } from './report.js';

/**
 * service_stats-style group-by over http_events: per (service, req_path) the request count,
 * mean latency, p50, p99 and error rate, in px's engine and in DuckDB on the same rows.
 *
 * `service` is a STRING column added to http_events here, filled from each row's Host header
 * when the data is generated (not timed): it stands for what `df.ctx['service']` gives a
 * script, a low-cardinality dictionary column. DuckDB gets the same column.
 */
const SIZES = [1_000_000, 10_000_000];
/** Distinct rows generated; larger sizes cycle through them (generating 10M unique rows would take longer than the queries). */
const DISTINCT_ROWS = 1_048_576;
/** DuckDB's vector size: one data chunk per batch. */
const BATCH_ROWS = 2048;
const RUNS = 3;

const benchSchema: TableSchema = {
  ...httpEvents,
  columns: [...httpEvents.columns, column('service', 'STRING', 'Service (from the Host header).')],
};

interface Batches {
  readonly px: RowBatch[];
  /** The same rows as DuckDB data chunks (only the columns the query reads). */
  readonly duck: DuckDBDataChunk[];
}

function generate(): Batches {
  const mix = new HttpMix({ startNs: 1_732_456_789_000_000_000n, stepNs: 50_000 });
  const px: RowBatch[] = [];
  const duck: DuckDBDataChunk[] = [];
  for (let done = 0; done < DISTINCT_ROWS; done += BATCH_ROWS) {
    const batch = mix.batch(BATCH_ROWS);
    const headers = batch.columns['req_headers'] as string[];
    const service = headers.map((h) => /"Host":"([^:"]+)/.exec(h)?.[1] ?? '');
    px.push({ length: batch.length, columns: { ...batch.columns, service } });
    const chunk = DuckDBDataChunk.create([VARCHAR, VARCHAR, BIGINT, INTEGER], BATCH_ROWS);
    chunk.setColumns([
      service,
      batch.columns['req_path'] as string[],
      Array.from(batch.columns['latency'] as Float64Array, (v) => BigInt(v)),
      Array.from(batch.columns['resp_status'] as Float64Array),
    ]);
    duck.push(chunk);
  }
  return { px, duck };
}

const pxPlan: PlanNode = {
  kind: 'Agg',
  input: { kind: 'Scan', table: 'http_events' },
  groupBy: ['service', 'req_path'],
  aggregates: [
    { name: 'requests', fn: 'count', input: col('latency') },
    { name: 'mean_latency', fn: 'mean', input: col('latency') },
    { name: 'p50', fn: 'quantiles', input: col('latency'), args: [0.5] },
    { name: 'p99', fn: 'quantiles', input: col('latency'), args: [0.99] },
    { name: 'error_rate', fn: 'mean', input: binary('>=', col('resp_status'), int(400)) },
  ],
};

function duckSql(quantile: 'quantile_cont' | 'approx_quantile'): string {
  return `SELECT service, req_path, count(*) AS requests, avg(latency) AS mean_latency,
    ${quantile}(latency, 0.5) AS p50, ${quantile}(latency, 0.99) AS p99,
    avg((resp_status >= 400)::DOUBLE) AS error_rate
    FROM http_events GROUP BY service, req_path`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

interface Timing {
  /** Median of the runs. */
  readonly ms: number;
  readonly groups: number;
  readonly p99: Map<string, number>;
}

function timePx(store: Store): Timing {
  const times: number[] = [];
  let groups = 0;
  let p99 = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    collectGarbage();
    const start = performance.now();
    const result = executePlan(pxPlan, store, { maxRows: 50_000_000, timeoutMs: 600_000 });
    times.push(performance.now() - start);
    groups = result.rowCount;
    if (run === 0) {
      const [service, path, , , , p99Column] = result.columns;
      p99 = new Map(
        Array.from({ length: result.rowCount }, (_, i) => [
          `${String(service?.values[i])} ${String(path?.values[i])}`,
          Number(p99Column?.values[i]),
        ]),
      );
    }
  }
  return { ms: median(times), groups, p99 };
}

async function timeDuck(connection: DuckDBConnection, sql: string): Promise<Timing> {
  const times: number[] = [];
  let groups = 0;
  let p99 = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const reader = await connection.runAndReadAll(sql);
    const rows = reader.getRows();
    times.push(performance.now() - start);
    groups = rows.length;
    if (run === 0)
      p99 = new Map(rows.map((r) => [`${String(r[0])} ${String(r[1])}`, Number(r[5])]));
  }
  return { ms: median(times), groups, p99 };
}

/** Largest relative difference between px's p99 and DuckDB's exact p99 over all groups. */
function compareP99(px: Map<string, number>, exact: Map<string, number>): { worst: number } {
  let worst = 0;
  for (const [key, value] of exact) {
    const ours = px.get(key) ?? NaN;
    worst = Math.max(worst, value === ours ? 0 : Math.abs(ours - value) / Math.abs(value));
  }
  return { worst };
}

export async function runPxlGroupBy(): Promise<void> {
  printHeader(
    'pxl group-by: http_events by (service, req_path)',
    `count, mean, p50, p99, error rate; median of ${RUNS} runs; px single-threaded`,
  );
  const data = generate();
  const store = new Store({ budgetBytes: 8 * 1024 ** 3, schemas: [benchSchema] });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const threads = (
    await connection.runAndReadAll("SELECT current_setting('threads')")
  ).getRows()[0]?.[0];
  await connection.run(
    'CREATE TABLE http_events (service VARCHAR, req_path VARCHAR, latency BIGINT, resp_status INTEGER)',
  );
  const appender: DuckDBAppender = await connection.createAppender('http_events');
  let loaded = 0;
  for (const size of SIZES) {
    const appendStart = performance.now();
    for (; loaded < size; loaded += BATCH_ROWS) {
      const i = (loaded / BATCH_ROWS) % data.px.length;
      store.append('http_events', data.px[i] as RowBatch);
      appender.appendDataChunk(data.duck[i] as DuckDBDataChunk);
    }
    appender.flushSync();
    const loadSeconds = (performance.now() - appendStart) / 1000;
    // The generated batches are no longer needed once the largest size is loaded.
    if (size === SIZES[SIZES.length - 1]) {
      data.px.length = 0;
      data.duck.length = 0;
    }
    const px = timePx(store);
    await connection.run(`SET threads = ${String(threads)}`);
    const exact = await timeDuck(connection, duckSql('quantile_cont'));
    const approx = await timeDuck(connection, duckSql('approx_quantile'));
    await connection.run('SET threads = 1');
    const single = await timeDuck(connection, duckSql('quantile_cont'));
    const accuracy = compareP99(px.p99, exact.p99);
    console.log(
      `   -- ${size / 1e6}M rows (${px.groups} groups; loading both took ${loadSeconds.toFixed(1)} s)`,
    );
    printRows([
      { label: 'px (1 thread)', value: px.ms, unit: 'ms' },
      { label: `duckdb quantile_cont (${String(threads)} threads)`, value: exact.ms, unit: 'ms' },
      { label: 'duckdb quantile_cont (1 thread)', value: single.ms, unit: 'ms' },
      {
        label: `duckdb approx_quantile (${String(threads)} threads)`,
        value: approx.ms,
        unit: 'ms',
      },
      {
        label: 'px p99 vs duckdb quantile_cont: worst relative difference',
        value: accuracy.worst * 100,
        unit: '%',
      },
    ]);
    if (px.groups !== exact.groups)
      console.log(`   group counts differ: px ${px.groups}, duckdb ${exact.groups}`);
    printRatio(
      px.ms,
      exact.ms,
      `duckdb quantile_cont ${String(threads)} threads`,
      'query time',
      false,
    );
    printRatio(px.ms, single.ms, 'duckdb quantile_cont 1 thread', 'query time', false);
    printRatio(
      px.ms,
      approx.ms,
      `duckdb approx_quantile ${String(threads)} threads`,
      'query time',
      false,
    );
    console.log(
      `   px time / duckdb quantile_cont time: ${(px.ms / exact.ms).toFixed(2)} (${String(threads)} threads), ` +
        `${(px.ms / single.ms).toFixed(2)} (1 thread); goal <= 1.5`,
    );
  }
  appender.closeSync();
  connection.closeSync();
  console.log(
    '   px quantiles: exact up to 16M rows, interpolated like quantile_cont; DDSketch (1%) beyond',
  );
}
