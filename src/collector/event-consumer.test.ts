import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotRows } from '../../test/support/snapshot-rows.js';
import { Store, type RowBatch } from '../store/index.js';
import { decodeCaptureBytes } from './capture/pcap/capture-file.js';
import { createEventConsumer } from './event-consumer.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'pcaps');
const TABLES = ['http_events', 'dns_events', 'pgsql_events', 'mysql_events', 'conn_stats'];

/** Every public capture's events, each capture ending with its own close events. */
function captureEvents() {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(FIXTURES, d.name))
        .filter((f) => f.endsWith('.pcap'))
        .map((f) => decodeCaptureBytes(readFileSync(join(FIXTURES, d.name, f))).events),
    );
}

/** The rows a consumer makes of the captures, one capture after the other, sorted. */
async function rowsThrough(workers: number): Promise<string[]> {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  const onRows = (table: string, batch: RowBatch): void => {
    store.append(table, batch);
  };
  const consumer = createEventConsumer(workers, onRows);
  let nowNs = 0n;
  for (const events of captureEvents()) {
    for (const e of events) if (e.timeNs > nowNs) nowNs = e.timeNs;
    await consumer.push(events);
    consumer.expire(nowNs);
  }
  await consumer.finish(nowNs);
  await consumer.close();
  return TABLES.flatMap((table) => {
    const snapshot = store.snapshot(table);
    const names = snapshot.schema.columns.map((c) => c.name);
    return snapshotRows(snapshot, names).map((row) =>
      JSON.stringify([table, ...row], (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
    );
  });
}

describe('createEventConsumer', () => {
  it('makes the same rows here and in a pool', async () => {
    const inline = (await rowsThrough(0)).sort();
    expect(inline.length).toBeGreaterThan(100);
    expect((await rowsThrough(2)).sort()).toEqual(inline);
  });
});
