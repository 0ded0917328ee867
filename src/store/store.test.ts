import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { HttpMix } from '../../bench/data/http-mix.js';
import { readValue } from './read.js';
import { Store } from './store.js';
import type { TableSnapshot } from './table.js';

const START = 1_732_456_789_000_000_000n;
const MiB = 1024 * 1024;

/** Sum of latency and count of rows: a fingerprint of what a snapshot reads. */
function fingerprint(snapshot: TableSnapshot): { rows: number; latency: number; last: unknown } {
  const latencyIndex = snapshot.schema.columns.findIndex((c) => c.name === 'latency');
  let rows = 0;
  let latency = 0;
  let last: unknown;
  for (const chunk of snapshot.chunks) {
    for (let r = 0; r < chunk.rowCount; r++) {
      latency += readValue(chunk, latencyIndex, r) as number;
      rows++;
    }
    if (chunk.rowCount > 0) last = readValue(chunk, 0, chunk.rowCount - 1);
  }
  return { rows, latency, last };
}

describe('Store', () => {
  it('stays within its memory budget while 10x the budget streams through', () => {
    const budgetBytes = 8 * MiB;
    const store = new Store({ budgetBytes, chunkRows: 2048 });
    const mix = new HttpMix({ startNs: START, stepNs: 100_000 });
    let streamed = 0;
    let batches = 0;
    while (streamed < 10 * budgetBytes) {
      store.append('http_events', mix.batch(1024));
      batches++;
      const stats = store.stats();
      expect(stats.bytes).toBeLessThanOrEqual(budgetBytes);
      // Estimate what has gone through from the retained bytes per row.
      const http = stats.tables.find((t) => t.name === 'http_events');
      if (http === undefined || http.rows === 0) throw new Error('no http rows');
      streamed = (http.bytes / http.rows) * http.appendedRows;
    }
    const http = store.stats().tables.find((t) => t.name === 'http_events');
    expect(http?.evictedRows).toBeGreaterThan(0);
    expect((http?.rows ?? 0) + (http?.evictedRows ?? 0)).toBe(batches * 1024);
    // The newest rows are the ones kept.
    const snapshot = store.snapshot('http_events');
    const lastChunk = snapshot.chunks.at(-1);
    expect(lastChunk?.maxTimeNs).toBe(http?.newestTimeNs);
  });

  it('keeps process memory bounded while 10x the budget streams through', () => {
    const budgetBytes = 32 * MiB;
    const store = new Store({ budgetBytes, chunkRows: 8192 });
    const mix = new HttpMix({ startNs: START, stepNs: 100_000, seed: 7 });
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    for (let i = 0; store.stats().tables[0]?.evictedRows === 0 || i < 2000; i++) {
      store.append('http_events', mix.batch(1024));
      if (i % 50 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const http = store.stats().tables[0];
      if (http && http.appendedRows * (http.bytes / Math.max(http.rows, 1)) > 10 * budgetBytes) {
        break;
      }
    }
    expect(store.bytes).toBeLessThanOrEqual(budgetBytes);
    // Generous bound: the budget, plus garbage not yet collected from the generator.
    expect(peakRss - rssBefore).toBeLessThan(6 * budgetBytes);
  });

  it('serves consistent snapshots while ingest, sealing and eviction go on', async () => {
    const store = new Store({ budgetBytes: 4 * MiB, chunkRows: 512 });
    const mix = new HttpMix({ startNs: START, stepNs: 1_000 });
    const ingest = { running: true };
    const ingesting = (async () => {
      while (ingest.running) {
        store.append('http_events', mix.batch(200));
        await yieldToLoop();
      }
    })();
    try {
      for (let round = 0; round < 30; round++) {
        const snapshot = store.snapshot('http_events');
        const first = fingerprint(snapshot);
        expect(first.rows).toBe(snapshot.rowCount);
        for (let i = 0; i < 5; i++) await yieldToLoop(); // let batches land, chunks seal and evict
        expect(fingerprint(snapshot)).toEqual(first);
      }
      const stats = store.stats().tables.find((t) => t.name === 'http_events');
      expect(stats?.evictedRows).toBeGreaterThan(0);
    } finally {
      ingest.running = false;
      await ingesting;
    }
  });

  it('evicts by age against its clock, whole chunks past the cutoff only', () => {
    let now = START;
    const maxAgeNs = 60_000_000_000n;
    const store = new Store({ budgetBytes: 64 * MiB, maxAgeNs, now: () => now, chunkRows: 1000 });
    const mix = new HttpMix({ startNs: START, stepNs: 10_000_000 }); // ~100 rows/s
    store.append('http_events', mix.batch(6000)); // about a minute
    now = START + 90_000_000_000n;
    const cutoff = now - maxAgeNs;
    const before = store.snapshot('http_events');
    const expired = before.chunks.filter((c) => c.maxTimeNs < cutoff);
    const expiredRows = expired.reduce((n, c) => n + c.rowCount, 0);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.length).toBeLessThan(before.chunks.length);

    expect(store.enforceRetention()).toBe(expiredRows);
    const http = store.stats().tables.find((t) => t.name === 'http_events');
    expect(http?.evictedRows).toBe(expiredRows);
    expect(http?.rows).toBe(6000 - expiredRows);
    expect(store.snapshot('http_events').chunks[0]?.maxTimeNs).toBeGreaterThanOrEqual(cutoff);
  });

  it('shares the budget: a busy table cannot evict a quiet one below its share', () => {
    const store = new Store({ budgetBytes: 6 * MiB, chunkRows: 1024 });
    const quiet = new HttpMix({ startNs: START, stepNs: 1_000 });
    store.append('http_events', quiet.batch(2048));
    const before = store.stats().tables.find((t) => t.name === 'http_events')?.rows;
    const mysqlBatch = (n: number, first: number) => ({
      length: n,
      columns: {
        time_: Array.from({ length: n }, (_, i) => START + BigInt(i)),
        upid: new Array<bigint>(n).fill(1n),
        remote_addr: new Array<string>(n).fill('10.0.0.1'),
        remote_port: new Float64Array(n).fill(3306),
        local_addr: new Array<string>(n).fill('10.0.0.2'),
        local_port: new Float64Array(n).fill(40000),
        trace_role: new Float64Array(n).fill(1),
        encrypted: new Uint8Array(n),
        req_cmd: new Float64Array(n).fill(3),
        req_body: Array.from({ length: n }, (_, i) => `SELECT * FROM t WHERE id = ${first + i}`),
        resp_status: new Float64Array(n).fill(2),
        resp_body: new Array<string>(n).fill(''),
        latency: new Float64Array(n).fill(1000),
      },
    });
    for (let i = 0; i < 200; i++) store.append('mysql_events', mysqlBatch(1024, i * 1024));
    const stats = store.stats();
    expect(stats.bytes).toBeLessThanOrEqual(6 * MiB);
    expect(stats.tables.find((t) => t.name === 'http_events')?.rows).toBe(before);
    expect(stats.tables.find((t) => t.name === 'mysql_events')?.evictedRows).toBeGreaterThan(0);
  });

  it('names the tables it has when asked for one it lacks', () => {
    const store = new Store({ budgetBytes: MiB });
    expect(() => store.snapshot('http_event')).toThrow(
      'no table "http_event" (tables: http_events, mysql_events, pgsql_events, dns_events, conn_stats, process_stats, network_stats)',
    );
  });
});
