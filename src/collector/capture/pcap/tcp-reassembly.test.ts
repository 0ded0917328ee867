import { describe, expect, it } from 'vitest';
import { pcapOf } from '../../../../test/capture-pcap/capture-writer.js';
import {
  IPPROTO,
  TcpFlow,
  ipPacket,
  tcpHeader,
} from '../../../../test/capture-pcap/packet-builder.js';
import { collect, runs, streamBytes, text } from '../../../../test/capture-pcap/stream-collect.js';
import type { StreamEvent } from '../../stream/types.js';
import { decodeCaptureBytes } from './capture-file.js';
import type { CaptureReadOptions } from './capture-file.js';

const client = { ip: '10.0.0.1', port: 40000 };
const server = { ip: '10.0.0.2', port: 8080 };
const SECOND = 1_000_000_000n;

function decode(packets: Parameters<typeof pcapOf>[0], options?: CaptureReadOptions) {
  const { events, stats } = decodeCaptureBytes(pcapOf(packets), options);
  const collected = collect(events);
  expect(collected.violations).toEqual([]);
  return { events, stats, ...collected };
}

function kinds(events: readonly StreamEvent[]): string[] {
  return events.map((e) => (e.kind === 'data' ? `${e.direction}@${e.offset}+${e.length}` : e.kind));
}

describe('TCP connections from the server point of view', () => {
  it('opens on the SYN, delivers both directions and closes after both FINs', () => {
    const flow = new TcpFlow(client, server);
    const { events, connections, stats } = decode([
      flow.syn(),
      flow.synAck(),
      flow.send('c2s'),
      flow.send('c2s', 'GET / HTTP/1.1\r\n\r\n'),
      flow.send('s2c', 'HTTP/1.1 200 OK\r\n'),
      flow.send('s2c', 'Content-Length: 0\r\n\r\n'),
      flow.send('c2s', '', { flags: 'FA' }),
      flow.send('s2c', '', { flags: 'FA' }),
      flow.send('c2s'), // the last ACK: after the close, and opens nothing
    ]);
    expect(kinds(events)).toEqual(['open', 'ingress@0+18', 'egress@0+17', 'egress@17+21', 'close']);
    const [conn] = connections;
    expect(conn?.open).toMatchObject({
      transport: 'tcp',
      role: 2,
      local: { addr: '10.0.0.2', port: 8080 },
      remote: { addr: '10.0.0.1', port: 40000 },
    });
    expect(text(streamBytes(conn?.chunks.ingress ?? []))).toBe('GET / HTTP/1.1\r\n\r\n');
    expect(text(streamBytes(conn?.chunks.egress ?? []))).toBe(
      'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    );
    // the close happens at the second FIN, not at the end of the file
    expect(events.at(-1)?.timeNs).toBe((events[0]?.timeNs ?? 0n) + 7_000_000n);
    expect(stats.tcp.connections).toBe(1);
  });

  it('trusts the handshake over the ports', () => {
    // a client on port 80 talking to a server on an ephemeral port
    const odd = new TcpFlow({ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.2', port: 50000 });
    const fromSyn = decode([odd.syn(), odd.synAck(), odd.send('c2s', 'x')]);
    expect(fromSyn.connections[0]?.open.local.port).toBe(50000);
    // only the SYN+ACK was captured: its sender is the server
    const synAckOnly = new TcpFlow({ ip: '10.0.0.1', port: 80 }, { ip: '10.0.0.2', port: 50000 });
    const fromSynAck = decode([synAckOnly.synAck(), synAckOnly.send('c2s', 'hello')]);
    expect(fromSynAck.connections[0]?.open.local.port).toBe(50000);
    expect(fromSynAck.connections[0]?.chunks.ingress.map((c) => c.offset)).toEqual([0]);
  });

  it('guesses the server by port when the handshake was missed', () => {
    const cases: [number, number, number][] = [
      // [first sender port, its receiver port, expected server port]
      [5432, 51000, 5432], // well-known service port, even when the server speaks first
      [700, 1500, 700], // privileged port
      [30130, 56826, 30130], // the non-ephemeral port
      [40001, 40000, 40000], // both ephemeral: the lower
      [9999, 9999, 9999], // a tie: the receiver of the first packet
    ];
    for (const [srcPort, dstPort, serverPort] of cases) {
      const from = { ip: '10.0.0.1', port: srcPort };
      const to = { ip: '10.0.0.2', port: dstPort };
      const flow = new TcpFlow(from, to);
      const { connections } = decode([flow.send('c2s', 'first'), flow.send('s2c', 'second')]);
      const open = connections[0]?.open;
      expect(open?.local.port, `${srcPort} -> ${dstPort}`).toBe(serverPort);
      if (srcPort === dstPort) expect(open?.local.addr).toBe('10.0.0.2');
      const ingress = connections[0]?.chunks.ingress ?? [];
      const sentToServer = open?.local.addr === '10.0.0.2' ? 'first' : 'second';
      expect(text(streamBytes(ingress))).toBe(sentToServer);
    }
  });

  it('closes at once on RST, handing over what was held with the jump', () => {
    const flow = new TcpFlow(client, server);
    const { events } = decode([
      flow.syn(),
      flow.synAck(),
      flow.send('c2s', 'abc'),
      flow.send('c2s', 'xyz', { offset: 10 }),
      flow.send('s2c', '', { flags: 'R' }),
      flow.send('c2s', 'late', { offset: 13 }), // after the close: dropped
    ]);
    expect(kinds(events)).toEqual(['open', 'ingress@0+3', 'ingress@10+3', 'close']);
  });

  it('gives a reused 4-tuple a new ConnId', () => {
    const first = new TcpFlow(client, server, 1000);
    const second = new TcpFlow(client, server, 5_000_000);
    const third = new TcpFlow(client, server, 9_000_000);
    const { connections, stats } = decode([
      first.syn(),
      first.syn(), // a retransmitted SYN is the same connection
      first.synAck(),
      first.send('c2s', 'one'),
      first.send('c2s', '', { flags: 'FA' }),
      first.send('s2c', '', { flags: 'FA' }),
      second.syn(), // reused after a clean close
      second.synAck(),
      second.send('c2s', 'two'),
      third.syn(), // reused without a close being seen
      third.send('c2s', 'three'),
    ]);
    const ids = connections.map((c) => c.open.connId);
    expect(new Set(ids).size).toBe(3);
    expect(connections.map((c) => text(streamBytes(c.chunks.ingress)))).toEqual([
      'one',
      'two',
      'three',
    ]);
    expect(stats.tcp.connections).toBe(3);
  });

  it('ignores stray data of a just-closed 4-tuple', () => {
    const flow = new TcpFlow(client, server);
    const { connections, stats } = decode([
      flow.syn(),
      flow.send('c2s', 'abc'),
      flow.send('c2s', '', { flags: 'R' }),
      flow.send('c2s', 'abc', { offset: 0 }),
    ]);
    expect(connections).toHaveLength(1);
    expect(stats.tcp.afterCloseSegments).toBe(1);
  });

  it('reassembles out-of-order, retransmitted and overlapping IPv6 segments', () => {
    const flow = new TcpFlow({ ip: '2001:db8::1', port: 41000 }, { ip: '2001:db8::2', port: 5432 });
    const { connections, stats } = decode([
      flow.syn(),
      flow.synAck(),
      flow.send('c2s', 'world', { offset: 6 }),
      flow.send('c2s', 'hello ', { offset: 0 }),
      flow.send('c2s', 'hello ', { offset: 0 }),
      flow.send('c2s', 'lo wor', { offset: 3 }),
      flow.send('c2s', 'ld!', { offset: 9 }),
    ]);
    const conn = connections[0];
    expect(conn?.open.local).toEqual({ addr: '2001:db8::2', port: 5432 });
    expect(runs(conn?.chunks.ingress ?? []).map((r) => [r.offset, text(r.data)])).toEqual([
      [0, 'hello world!'],
    ]);
    expect(stats.tcp.retransmittedBytes).toBe(6 + 6 + 2);
  });

  it('survives the sequence number wrapping around', () => {
    const flow = new TcpFlow(client, server, 2 ** 32 - 3, 2 ** 32 - 1);
    const { connections } = decode([
      flow.syn(),
      flow.synAck(),
      flow.send('c2s', 'abcdef'),
      flow.send('c2s', 'ghi'),
      flow.send('s2c', '0123'),
      flow.send('s2c', '456'),
    ]);
    const conn = connections[0];
    expect(runs(conn?.chunks.ingress ?? []).map((r) => [r.offset, text(r.data)])).toEqual([
      [0, 'abcdefghi'],
    ]);
    expect(runs(conn?.chunks.egress ?? []).map((r) => [r.offset, text(r.data)])).toEqual([
      [0, '0123456'],
    ]);
  });

  it('reports a hole that never fills as a jump in the offset', () => {
    const flow = new TcpFlow(client, server);
    const t = 1_700_000_000n * SECOND;
    const at = (data: Uint8Array, seconds: bigint) => ({ data, timeNs: t + seconds * SECOND });
    const { connections, stats } = decode([
      at(flow.syn(), 0n),
      at(flow.synAck(), 0n),
      at(flow.send('s2c', 'first'), 0n),
      at(flow.send('s2c', 'third', { offset: 10 }), 0n), // "second" is never captured
      at(flow.send('s2c', 'fourth'), 1n),
      at(flow.send('c2s', 'ack'), 10n), // later traffic: the hold limit (3 s) is long over
    ]);
    const egress = connections[0]?.chunks.egress ?? [];
    expect(runs(egress).map((r) => [r.offset, text(r.data)])).toEqual([
      [0, 'first'],
      [10, 'thirdfourth'],
    ]);
    // the jump was reported when the hold expired, before the connection ended
    expect(egress[1]?.timeNs).toBe(t + 10n * SECOND);
    expect(stats.tcp).toMatchObject({ gaps: 1, gapBytes: 5 });
  });

  it('expires holds and idle connections as capture time moves on elsewhere', () => {
    const quiet = new TcpFlow(client, server);
    const busy = new TcpFlow({ ip: '10.0.0.9', port: 40000 }, server);
    const t = 1_700_000_000n * SECOND;
    const packets = [
      { data: quiet.syn(), timeNs: t },
      { data: quiet.send('c2s', 'b', { offset: 1 }), timeNs: t },
      ...Array.from({ length: 8 }, (_, i) => ({
        data: busy.send('c2s', 'x'),
        timeNs: t + BigInt(i + 1) * 60n * SECOND,
      })),
    ];
    const { events } = decode(packets, { tcp: { idleTimeoutNs: 300n * SECOND } });
    const quietEvents = events.filter((e) => e.kind !== 'datagram' && e.connId === 1);
    expect(kinds(quietEvents)).toEqual(['open', 'ingress@1+1', 'close']);
    expect(quietEvents[1]?.timeNs).toBe(t + 60n * SECOND);
    expect(quietEvents[2]?.timeNs).toBe(t + 360n * SECOND);
  });

  it('closes the oldest connection when the table is full', () => {
    const flows = [40001, 40002, 40003].map(
      (port) => new TcpFlow({ ip: '10.0.0.1', port }, server),
    );
    const { events, stats } = decode(
      flows.map((f) => f.send('c2s', 'hi')),
      { tcp: { maxConnections: 2 } },
    );
    expect(kinds(events)).toEqual([
      'open',
      'ingress@0+2',
      'open',
      'ingress@0+2',
      'close',
      'open',
      'ingress@0+2',
      'close',
      'close',
    ]);
    expect(stats.tcp.evictedConnections).toBe(1);
  });

  it('counts broken packets between good ones and never throws', () => {
    const flow = new TcpFlow(client, server);
    const truncatedHeader = flow.send('c2s', 'zzz', { offset: 100 }).subarray(0, 30);
    const cutPayload = flow.send('c2s', 'abcdefgh', { offset: 0 }).subarray(0, 20 + 20 + 3);
    const badOffset = ipPacket('10.0.0.1', '10.0.0.2', IPPROTO.tcp, tcpHeader(1, 2, 3, 'A'));
    badOffset[20 + 12] = 0x10; // data offset 4 bytes (< 20)
    const { connections, stats } = decode([
      flow.syn(),
      truncatedHeader,
      cutPayload,
      badOffset,
      new Uint8Array([0x45]),
      flow.send('c2s', 'ijk', { offset: 8 }),
    ]);
    expect(stats.malformed).toBe(3);
    const chunks = connections[0]?.chunks.ingress ?? [];
    expect(chunks.map((c) => [c.offset, c.length, text(c.data)])).toEqual([
      [0, 8, 'abc'], // captured in part: data shorter than length
      [8, 3, 'ijk'],
    ]);
  });
});
