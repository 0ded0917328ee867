import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchBuilder } from './batch.js';
import { readTimeNs, readValue } from './read.js';
import { column, httpEvents, mysqlEvents, type TableSchema } from './schema/index.js';
import { Table, type TableSnapshot } from './table.js';

const BASE = 1_732_456_789_123_456_789n; // a 2024 timestamp, far beyond 2^53

function mysqlRows(count: number, startNs = BASE, stepNs = 1_000n): BatchBuilder {
  const b = new BatchBuilder(mysqlEvents);
  for (let i = 0; i < count; i++) {
    b.push({
      time_: startNs + BigInt(i) * stepNs + 1n,
      upid: (BigInt(100 + (i % 3)) << 64n) | 12345n,
      remote_addr: `10.0.0.${i % 7}`,
      remote_port: 3306,
      trace_role: 2,
      req_cmd: 3,
      req_body: `SELECT ${i % 5}`,
      resp_status: i % 10 === 0 ? 3 : 2,
      latency: 1_000_000 + i,
    });
  }
  return b;
}

/** Every cell of a snapshot, row by row, in natural JS types. */
function cells(snapshot: TableSnapshot): (bigint | number | string)[][] {
  const rows: (bigint | number | string)[][] = [];
  for (const chunk of snapshot.chunks) {
    for (let r = 0; r < chunk.rowCount; r++) {
      rows.push(snapshot.schema.columns.map((_, c) => readValue(chunk, c, r)));
    }
  }
  return rows;
}

describe('Table', () => {
  it('reads back every appended value, across chunk boundaries, sealed or open', () => {
    const table = new Table(mysqlEvents, 64);
    const rows = mysqlRows(1000);
    table.append(rows.take());
    const snapshot = table.snapshot();
    expect(snapshot.rowCount).toBe(1000);
    expect(snapshot.chunks.length).toBe(Math.ceil(1000 / 64));
    const got = cells(snapshot);
    expect(got.length).toBe(1000);
    expect(got[0]).toEqual([
      BASE + 1n,
      (100n << 64n) | 12345n,
      '10.0.0.0',
      3306,
      '',
      0,
      2,
      0,
      3,
      'SELECT 0',
      3,
      '',
      1_000_000,
    ]);
    expect(got[999]?.[0]).toBe(BASE + 999_000n + 1n);
    expect(got[999]?.[9]).toBe('SELECT 4');
    expect(got[999]?.[12]).toBe(1_000_999);
  });

  it('grows its chunks with the table, each at most a sixteenth of the rows before it', () => {
    const table = new Table(mysqlEvents, 16);
    for (let i = 0; i < 20; i++)
      table.append(mysqlRows(1000, BASE + BigInt(i) * 1_000_000n).take());
    const sizes = table.snapshot().chunks.map((c) => c.rowCount);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(20_000);
    expect(sizes[0]).toBe(16);
    let before = 0;
    for (const size of sizes) {
      expect(size).toBeLessThanOrEqual(Math.max(16, before / 16));
      before += size;
    }
    expect(Math.max(...sizes)).toBeGreaterThan(16);
  });

  it('keeps every time column exact, however far its values lie apart', () => {
    // A lookup table: one row time, and a start time that ranges over years (or is 0).
    const schema: TableSchema = {
      name: 'pods',
      description: 'test',
      columns: [column('time_', 'TIME64NS', 't'), column('start', 'TIME64NS', 's')],
    };
    const table = new Table(schema, 16);
    const starts = [BASE, 0n, BASE - 2n ** 60n, BASE + 1n, 0n];
    const b = new BatchBuilder(schema);
    for (const start of starts) b.push({ time_: BASE, start });
    table.append(b.take());
    const got = table
      .snapshot()
      .chunks.flatMap((chunk) =>
        Array.from({ length: chunk.rowCount }, (_, r) => readTimeNs(chunk, 1, r)),
      );
    expect(got).toEqual(starts);
  });

  it('keeps nanosecond timestamps exact (no float rounding)', () => {
    const table = new Table(mysqlEvents, 16);
    const times = [
      BASE,
      BASE + 1n,
      BASE - 1n,
      BASE + 999_999_999n,
      BASE + 86_400n * 1_000_000_000n,
    ];
    const b = new BatchBuilder(mysqlEvents);
    for (const t of times) b.push({ time_: t });
    table.append(b.take());
    const snapshot = table.snapshot();
    const chunk = snapshot.chunks[0];
    if (chunk === undefined) throw new Error('no chunk');
    expect(times.map((_, i) => readTimeNs(chunk, 0, i))).toEqual(times);
    table.sealOpenChunk();
    const sealed = table.snapshot().chunks[0];
    if (sealed === undefined) throw new Error('no chunk');
    expect(times.map((_, i) => readTimeNs(sealed, 0, i))).toEqual(times);
    expect(sealed.minTimeNs).toBe(BASE - 1n);
    expect(sealed.maxTimeNs).toBe(BASE + 86_400n * 1_000_000_000n);
  });

  it('reads times the same from a BigInt64Array as from an array of bigints', () => {
    // BatchBuilder hands times over as a BigInt64Array, which the store reads by 32-bit halves.
    const schema: TableSchema = {
      name: 'times',
      description: 'test',
      columns: [column('time_', 'TIME64NS', 't')],
    };
    const near = (base: bigint) => fc.bigInt({ min: base - 2n ** 40n, max: base + 2n ** 40n });
    const time = fc.oneof(
      near(BASE),
      near(0n),
      near(2n ** 32n),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    );
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 40 }), (times) => {
        const typed = new Table(schema, 8);
        const plain = new Table(schema, 8);
        typed.append({ length: times.length, columns: { time_: BigInt64Array.from(times) } });
        plain.append({ length: times.length, columns: { time_: times } });
        expect(typed.snapshot().chunks).toEqual(plain.snapshot().chunks);
        expect(cells(typed.snapshot()).map((r) => r[0])).toEqual(times);
      }),
    );
  });

  it('starts a new chunk when a time is too far from the chunk base to stay exact', () => {
    const table = new Table(mysqlEvents, 1024);
    const b = new BatchBuilder(mysqlEvents);
    const far = BASE + 2n ** 60n;
    b.push({ time_: BASE });
    b.push({ time_: far });
    table.append(b.take());
    const snapshot = table.snapshot();
    expect(snapshot.chunks.length).toBe(2);
    expect(cells(snapshot).map((r) => r[0])).toEqual([BASE, far]);
  });

  it('compacts sealed chunks: constant columns cost nothing, small ints one byte', () => {
    const table = new Table(mysqlEvents, 4096);
    table.append(mysqlRows(4096).take());
    const [chunk] = table.snapshot().chunks;
    const byName = new Map(mysqlEvents.columns.map((c, i) => [c.name, chunk?.columns[i]]));
    expect(byName.get('remote_port')).toEqual({ kind: 'number', lane: 3306 });
    const status = byName.get('resp_status');
    expect(status?.kind === 'number' && status.lane instanceof Uint8Array).toBe(true);
    const body = byName.get('req_body');
    expect(body?.kind === 'dict' && body.codes instanceof Uint8Array && body.dict.length).toBe(5);
  });

  it('reports stats: rows, bytes, time range, evictions', () => {
    const table = new Table(mysqlEvents, 100);
    expect(table.stats()).toMatchObject({
      rows: 0,
      bytes: 0,
      oldestTimeNs: null,
      newestTimeNs: null,
    });
    table.append(mysqlRows(250).take());
    expect(table.stats()).toMatchObject({
      name: 'mysql_events',
      rows: 250,
      chunks: 3,
      appendedRows: 250,
      evictedRows: 0,
      oldestTimeNs: BASE + 1n,
      newestTimeNs: BASE + 249_000n + 1n,
    });
    expect(table.evictOldest()).toBe(100);
    const stats = table.stats();
    expect(stats).toMatchObject({
      rows: 150,
      evictedRows: 100,
      oldestTimeNs: BASE + 100_000n + 1n,
    });
    expect(stats.bytes).toBeGreaterThan(stats.payloadBytes);
  });

  it('evicts by age whole chunks whose newest row is past the cutoff, open chunk included', () => {
    const table = new Table(mysqlEvents, 10);
    table.append(mysqlRows(25, BASE, 1_000_000_000n).take()); // one row per second
    expect(table.evictOlderThan(BASE + 15_000_000_000n)).toBe(10);
    expect(table.rowCount).toBe(15);
    expect(table.evictOlderThan(BASE + 100_000_000_000n)).toBe(15);
    expect(table.rowCount).toBe(0);
  });

  it('rejects batches that do not fit the schema, naming table and column', () => {
    const table = new Table(httpEvents);
    expect(() => table.append({ length: 1, columns: {} })).toThrow(
      'http_events: batch has no column "time_"',
    );
    const b = new BatchBuilder(httpEvents);
    b.push({});
    const batch = b.take();
    expect(() =>
      table.append({ ...batch, columns: { ...batch.columns, latency: ['slow'] } }),
    ).toThrow('http_events.latency is INT64: got a string value (slow)');
    expect(() => table.append({ ...batch, columns: { ...batch.columns, req_path: [] } })).toThrow(
      'http_events.req_path: 0 values for a batch of 1 rows',
    );
    expect(table.rowCount).toBe(0);
  });
});
