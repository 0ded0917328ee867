import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBType,
  type DuckDBValue,
  BIGINT,
  BOOLEAN,
  HUGEINT,
  TIMESTAMP_NS,
  VARCHAR,
  DuckDBTimestampNanosecondsValue,
} from '@duckdb/node-api';
import { httpEvents, Store, type ColumnType, type RowBatch } from '../src/store/index.js';
import { HttpMix } from './data/http-mix.js';
import { collectGarbage, printHeader, printRatio, printRows } from './report.js';

/**
 * Store append throughput and memory per row for a realistic http_events mix, beside DuckDB's
 * appender loading the same rows into an in-memory table.
 */
const ROWS = 1_000_000;
const BATCH_ROWS = 1024;
const DISTINCT_BATCHES = 128;

function duckType(type: ColumnType): DuckDBType {
  switch (type) {
    case 'TIME64NS':
      return TIMESTAMP_NS;
    case 'UINT128':
      return HUGEINT;
    case 'STRING':
      return VARCHAR;
    case 'BOOLEAN':
      return BOOLEAN;
    case 'INT64':
    case 'FLOAT64':
      return BIGINT;
  }
}

/** Column values in the form DuckDB's chunk API takes, converted before timing starts. */
function toDuckColumns(batch: RowBatch): DuckDBValue[][] {
  return httpEvents.columns.map((spec) => {
    const input = batch.columns[spec.name] as ArrayLike<unknown>;
    const out = new Array<DuckDBValue>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const v = input[i];
      if (spec.type === 'TIME64NS') out[i] = new DuckDBTimestampNanosecondsValue(v as bigint);
      else if (spec.type === 'BOOLEAN') out[i] = Boolean(v);
      else if (spec.type === 'INT64') out[i] = BigInt(v as number);
      else out[i] = v as DuckDBValue;
    }
    return out;
  });
}

async function duckdbAppend(
  batches: readonly DuckDBValue[][][],
): Promise<{ ms: number; bytes: number }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection: DuckDBConnection = await instance.connect();
  const columns = httpEvents.columns.map((c) => `"${c.name}" ${duckType(c.type).toString()}`);
  await connection.run(`CREATE TABLE http_events (${columns.join(', ')})`);
  const appender: DuckDBAppender = await connection.createAppender('http_events');
  const types = httpEvents.columns.map((c) => duckType(c.type));
  const start = performance.now();
  for (let done = 0, i = 0; done < ROWS; done += BATCH_ROWS, i++) {
    const chunk = DuckDBDataChunk.create(types, BATCH_ROWS);
    chunk.setColumns(batches[i % batches.length] as DuckDBValue[][]);
    appender.appendDataChunk(chunk);
  }
  appender.flushSync();
  const ms = performance.now() - start;
  const usage = await connection.runAndReadAll(
    'SELECT sum(memory_usage_bytes)::BIGINT FROM duckdb_memory()',
  );
  const bytes = Number(usage.getRows()[0]?.[0] ?? 0);
  appender.closeSync();
  connection.closeSync();
  return { ms, bytes };
}

function pxAppend(batches: readonly RowBatch[]): { ms: number; bytes: number; payload: number } {
  const store = new Store({ budgetBytes: 8 * 1024 ** 3 });
  collectGarbage();
  const start = performance.now();
  for (let done = 0, i = 0; done < ROWS; done += BATCH_ROWS, i++) {
    store.append('http_events', batches[i % batches.length] as RowBatch);
  }
  const ms = performance.now() - start;
  const http = store.stats().tables.find((t) => t.name === 'http_events');
  return { ms, bytes: http?.bytes ?? 0, payload: http?.payloadBytes ?? 0 };
}

export async function runStoreAppend(): Promise<void> {
  printHeader(
    'store append: http_events',
    `${ROWS} rows in batches of ${BATCH_ROWS} (${DISTINCT_BATCHES} distinct batches cycled)`,
  );
  const mix = new HttpMix({ startNs: 1_732_456_789_000_000_000n, stepNs: 50_000 });
  const batches = Array.from({ length: DISTINCT_BATCHES }, () => mix.batch(BATCH_ROWS));
  pxAppend(batches.slice(0, 8)); // warm up the JIT on a small run
  const px = pxAppend(batches);
  const duckBatches = batches.map(toDuckColumns);
  const duck = await duckdbAppend(duckBatches);
  const pxRate = ROWS / (px.ms / 1000);
  const duckRate = ROWS / (duck.ms / 1000);
  printRows([
    { label: 'px append', value: pxRate, unit: 'rows/s' },
    { label: 'px bytes/row (all)', value: px.bytes / ROWS, unit: 'B' },
    {
      label: 'px bytes/row beyond string payloads',
      value: (px.bytes - px.payload) / ROWS,
      unit: 'B',
    },
    { label: 'duckdb appender', value: duckRate, unit: 'rows/s' },
    { label: 'duckdb bytes/row (all)', value: duck.bytes / ROWS, unit: 'B' },
  ]);
  printRatio(pxRate, duckRate, 'duckdb', 'append rows/s');
  printRatio(px.bytes, duck.bytes, 'duckdb', 'memory per row', false);
  console.log('   goal: >= 1M rows/s append, <= 64 B/row beyond string payloads');
}
