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

/**
 * The rows a consumer makes of the captures, one capture after the other, sorted. `atCapture`
 * sets the consumer's clock before each capture is pushed.
 */
async function rowsThrough(
  workers: number,
  atCapture?: (index: number) => number,
): Promise<{ rows: string[]; opened: number[] }> {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  const onRows = (table: string, batch: RowBatch): void => {
    store.append(table, batch);
  };
  let clockMs = 0;
  const consumer = createEventConsumer(workers, onRows, {
    startupMs: 0,
    workersAboveEventsPerSecond: 0.5,
    clock: () => clockMs,
  });
  let nowNs = 0n;
  for (const [index, events] of captureEvents().entries()) {
    clockMs = atCapture?.(index) ?? index + 1;
    for (const e of events) if (e.timeNs > nowNs) nowNs = e.timeNs;
    await consumer.push(events);
    consumer.expire(nowNs);
  }
  await consumer.finish(nowNs);
  // Connections opened on this thread first, then in each worker.
  const opened = consumer.trackerStats().map((s) => s.connectionsOpened);
  await consumer.close();
  const rows = TABLES.flatMap((table) => {
    const snapshot = store.snapshot(table);
    const names = snapshot.schema.columns.map((c) => c.name);
    return snapshotRows(snapshot, names).map((row) =>
      JSON.stringify([table, ...row], (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)),
    );
  });
  return { rows: rows.sort(), opened };
}

describe('createEventConsumer', () => {
  it('makes the same rows here, in workers, and when parsing moves to workers midway', async () => {
    const inline = await rowsThrough(0);
    expect(inline.rows.length).toBeGreaterThan(100);
    // Thousands of events per second from the start: the workers take everything.
    const pooled = await rowsThrough(2);
    expect(pooled.rows).toEqual(inline.rows);
    expect(pooled.opened[0]).toBe(0);
    // Slow at first (one capture a million seconds), then a fast window from capture 10 on:
    // connections opened before stay here, the rest go to the workers.
    const midway = await rowsThrough(1, (i) => (i < 10 ? 1e9 * (i + 1) : 1e10 + 1000));
    expect(midway.rows).toEqual(inline.rows);
    expect(midway.opened[0]).toBeGreaterThan(0);
    expect(midway.opened[1]).toBeGreaterThan(0);
  });
});
