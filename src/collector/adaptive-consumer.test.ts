import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RowBatch } from '../store/index.js';
import { AdaptiveConsumer } from './adaptive-consumer.js';
import { decodeCaptureBytes } from './capture/pcap/capture-file.js';

const CAPTURE = join(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'pcaps',
  'zeek',
  'http-pipelined-requests.pcap',
);

describe('AdaptiveConsumer', () => {
  it('holds the first events while it measures their rate, and a quiet host still gets its rows', async () => {
    const { events } = decodeCaptureBytes(readFileSync(CAPTURE));
    const last = events.at(-1)?.timeNs ?? 0n;
    let clockMs = 0;
    let rows = 0;
    const consumer = new AdaptiveConsumer(
      { workers: 1, startupMs: 500, clock: () => clockMs },
      (_: string, batch: RowBatch) => (rows += batch.length),
    );
    await consumer.push(events);
    consumer.expire(last);
    expect(rows).toBe(0);
    // Nothing more arrives; the housekeeping call after the wait releases what was held.
    clockMs = 600;
    consumer.expire(last);
    expect(rows).toBeGreaterThan(0);
    expect(consumer.usingWorkers).toBe(false);
    await consumer.finish(last);
    await consumer.close();
  });

  it('takes the workers from the start when the first events come fast', async () => {
    const { events } = decodeCaptureBytes(readFileSync(CAPTURE));
    let clockMs = 0;
    let rows = 0;
    const consumer = new AdaptiveConsumer(
      { workers: 1, startupMs: 500, workersAboveEventsPerSecond: 10, clock: () => clockMs },
      (_: string, batch: RowBatch) => (rows += batch.length),
    );
    await consumer.push(events);
    clockMs = 500;
    await consumer.push([]);
    expect(consumer.usingWorkers).toBe(true);
    await consumer.finish(events.at(-1)?.timeNs ?? 0n);
    expect(rows).toBeGreaterThan(0);
    expect(consumer.trackerStats()[0]?.connectionsOpened).toBe(0);
    await consumer.close();
  });

  it('with no wait and no threshold, parses in workers from the first event', async () => {
    const { events } = decodeCaptureBytes(readFileSync(CAPTURE));
    let rows = 0;
    const consumer = new AdaptiveConsumer(
      { workers: 1, startupMs: 0, workersAboveEventsPerSecond: 0, clock: () => 0 },
      (_: string, batch: RowBatch) => (rows += batch.length),
    );
    await consumer.push(events);
    expect(consumer.usingWorkers).toBe(true);
    await consumer.finish(events.at(-1)?.timeNs ?? 0n);
    expect(rows).toBeGreaterThan(0);
    expect(consumer.trackerStats()[0]?.connectionsOpened).toBe(0);
    await consumer.close();
  });
});
