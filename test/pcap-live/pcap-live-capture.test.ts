/**
 * PcapLiveCapture on its own: real traffic on lo turned into stream events (server's point of
 * view, batched), and libpcap's refusals turned into PxErrors. Fails rather than skips in CI.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PcapLiveCapture,
  type PcapLiveStats,
} from '../../src/collector/capture/pcap/live/pcap-live-capture.js';
import type { ConnOpen, DataChunk, StreamEvent } from '../../src/collector/stream/types.js';

const CI = process.env['CI'] === 'true';

async function whyUnavailable(): Promise<string | null> {
  try {
    await PcapLiveCapture.start({ interfaces: ['lo'], onEvents: () => undefined }).stop();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unavailable = await whyUnavailable();

describe.skipIf(unavailable !== null && !CI)('live packet capture (libpcap)', () => {
  let server: Server;
  let port = 0;
  const batches: StreamEvent[][] = [];
  let stats: PcapLiveStats;

  beforeAll(async () => {
    if (unavailable !== null)
      throw new Error(`libpcap capture is unavailable in CI: ${unavailable}`);
    server = createServer((socket) => {
      socket.once('data', () => socket.end('pong'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
    const capture = PcapLiveCapture.start({
      interfaces: ['lo'],
      filter: `tcp port ${port}`,
      onEvents: (events) => batches.push(events),
    });
    try {
      const client = createConnection({ host: '127.0.0.1', port });
      client.resume();
      client.end('ping');
      await new Promise((resolve) => client.on('close', resolve));
    } finally {
      stats = await capture.stop();
    }
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('delivers the connection from the server’s side, with both directions’ bytes', () => {
    const events = batches.flat();
    const opens = events.filter((e): e is ConnOpen => e.kind === 'open');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ transport: 'tcp', role: 2, local: { port } });
    const text = (direction: string): string =>
      events
        .filter((e): e is DataChunk => e.kind === 'data' && e.direction === direction)
        .map((e) => Buffer.from(e.data).toString())
        .join('');
    expect(text('ingress')).toBe('ping');
    expect(text('egress')).toBe('pong');
    expect(events.at(-1)?.kind).toBe('close');
  });

  it('batches events and times them on the wall clock, in order', () => {
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
    expect(batches.length).toBeLessThan(stats.packets);
    const times = batches.flat().map((e) => e.timeNs);
    expect([...times].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(times);
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    expect(times[0]).toBeGreaterThan(nowNs - 60_000_000_000n);
    expect(times.at(-1)).toBeLessThanOrEqual(nowNs + 1_000_000_000n);
  });

  it('counts what it captured on the interface it opened', () => {
    expect(stats.interfaces).toEqual([{ name: 'lo', linkType: 1 }]);
    expect(stats.packets).toBeGreaterThanOrEqual(6);
    expect(stats.decoder.tcp.connections).toBe(1);
    expect(stats.decoder.malformed).toBe(0);
  });

  it('rejects a missing interface and a bad filter with PxErrors', () => {
    const onEvents = (): void => undefined;
    expect(() => PcapLiveCapture.start({ interfaces: ['px-no-such0'], onEvents })).toThrow(
      expect.objectContaining({ code: 'PCAP_NO_SUCH_INTERFACE' }),
    );
    expect(() =>
      PcapLiveCapture.start({ interfaces: ['lo'], filter: 'tcp and and', onEvents }),
    ).toThrow(expect.objectContaining({ code: 'PCAP_BAD_FILTER' }));
  });
});
