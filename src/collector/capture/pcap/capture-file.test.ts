import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pcapOf, writePcapng } from '../../../../test/capture-pcap/capture-writer.js';
import {
  IPPROTO,
  TcpFlow,
  bsdLoopback,
  ethernet,
  ipPacket,
  sll,
  sll2,
  udpHeader,
} from '../../../../test/capture-pcap/packet-builder.js';
import { collect, streamBytes, text } from '../../../../test/capture-pcap/stream-collect.js';
import type { StreamEvent } from '../../stream/types.js';
import { CaptureDecoder, decodeCaptureBytes, readCaptureFile } from './capture-file.js';

/** Events with their bytes as hex, so Buffers and Uint8Arrays compare equal. */
function comparable(events: readonly StreamEvent[]): unknown[] {
  return events.map((e) =>
    e.kind === 'data' || e.kind === 'datagram'
      ? { ...e, data: Buffer.from(e.data).toString('hex') }
      : e,
  );
}

function conversation(): Uint8Array[] {
  const flow = new TcpFlow({ ip: '192.168.1.10', port: 51000 }, { ip: '192.168.1.20', port: 80 });
  return [
    flow.syn(),
    flow.synAck(),
    flow.send('c2s', 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n'),
    flow.send('s2c', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n', { offset: 0 }),
    flow.send('s2c', 'hello'),
    ipPacket(
      '192.168.1.10',
      '192.168.1.1',
      IPPROTO.udp,
      udpHeader(40000, 53, new Uint8Array([1, 2, 3])),
    ),
    flow.send('c2s', '', { flags: 'FA' }),
    flow.send('s2c', '', { flags: 'FA' }),
  ];
}

describe('capture files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'px-capture-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams a file in chunks to the same events as decoding it whole', async () => {
    const bytes = pcapOf(conversation());
    const path = join(dir, 'conversation.pcap');
    await writeFile(path, bytes);
    const whole = decodeCaptureBytes(bytes);
    for (const chunkBytes of [1, 37, 1 << 20]) {
      const file = readCaptureFile(path, { chunkBytes });
      const events: StreamEvent[] = [];
      let batches = 0;
      for await (const batch of file) {
        batches++;
        events.push(...batch);
      }
      // One batch per chunk read, and one for the end, even when a chunk completes no event.
      expect(batches).toBe(Math.ceil(bytes.length / chunkBytes) + 1);
      expect(comparable(events)).toEqual(comparable(whole.events));
      expect(file.stats).toEqual(whole.stats);
    }
    expect(whole.stats).toMatchObject({ frames: 8, tcpSegments: 7, udpDatagrams: 1 });
  });

  it('rejects the iteration when the file cannot be opened', async () => {
    const iterate = async () => {
      for await (const batch of readCaptureFile(join(dir, 'missing.pcap')))
        expect(batch).toBeUndefined();
    };
    await expect(iterate()).rejects.toThrow(/ENOENT/);
  });

  it('reads one connection captured on interfaces with different link types', () => {
    const packets = conversation();
    const wrappers = [
      (ip: Uint8Array) => ethernet(ip, [0x8100]),
      sll,
      sll2,
      (ip: Uint8Array) => bsdLoopback(ip, 2, true),
    ];
    const interfaces = [
      { linkType: 1 },
      { linkType: 113 },
      { linkType: 276, tsresol: 9 },
      { linkType: 0 },
    ];
    const file = writePcapng(
      packets.map((ip, i) => ({
        timeNs: 1_000_000_000n * BigInt(i + 1),
        data: wrappers[i % 4]?.(ip) ?? ip,
        iface: i % 4,
      })),
      { interfaces },
    );
    const { events, stats } = decodeCaptureBytes(file);
    const { connections, datagrams, violations } = collect(events);
    expect(violations).toEqual([]);
    expect(text(streamBytes(connections[0]?.chunks.egress ?? []))).toBe(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
    );
    expect(datagrams).toHaveLength(1);
    expect(stats).toMatchObject({ frames: 8, malformed: 0, nonIp: 0 });
  });

  it('decodes frames pushed one by one (live capture) to the same events as a file', () => {
    const packets = conversation();
    const startNs = 1_700_000_000_000_000_000n;
    const file = decodeCaptureBytes(pcapOf(packets, startNs));
    const live = new CaptureDecoder();
    const events: StreamEvent[] = [];
    packets.forEach((data, i) => {
      live.pushFrame({ linkType: 101, timeNs: startNs + BigInt(i) * 1_000_000n, data }, events);
    });
    events.push(...live.closeAll());
    expect(comparable(events)).toEqual(comparable(file.events));
    expect(live.stats).toEqual(file.stats);
  });

  it('closes an idle connection when the clock advances without packets', () => {
    const flow = new TcpFlow({ ip: '10.0.0.1', port: 50000 }, { ip: '10.0.0.2', port: 80 });
    const decoder = new CaptureDecoder({ tcp: { idleTimeoutNs: 5_000_000_000n } });
    const opened: StreamEvent[] = [];
    decoder.pushFrame({ linkType: 101, timeNs: 1_000_000_000n, data: flow.syn() }, opened);
    expect(opened.map((e) => e.kind)).toEqual(['open']);
    expect(decoder.advance(3_000_000_000n)).toEqual([]);
    expect(decoder.advance(7_000_000_000n)).toEqual([
      { kind: 'close', connId: 1, timeNs: 7_000_000_000n },
    ]);
    expect(decoder.closeAll()).toEqual([]);
  });

  it('never throws and keeps the event sequence valid on corrupted captures', () => {
    const good = pcapOf(conversation());
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 24, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })),
          {
            maxLength: 20,
          },
        ),
        (edits) => {
          const file = good.slice();
          for (const [at, value] of edits) file[at] = value;
          const { events } = decodeCaptureBytes(file);
          expect(collect(events).violations).toEqual([]);
        },
      ),
    );
  });
});
