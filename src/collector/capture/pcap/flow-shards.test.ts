import { describe, expect, it } from 'vitest';
import { pcapOf } from '../../../../test/capture-pcap/capture-writer.js';
import {
  TcpFlow,
  bytes,
  IPPROTO,
  ipPacket,
  udpHeader,
} from '../../../../test/capture-pcap/packet-builder.js';
import type { StreamEvent } from '../../stream/types.js';
import { decodeCaptureBytes } from './capture-file.js';
import { FlowShards } from './flow-shards.js';

/** Per client port, interleaved: 8 HTTP connections to :8080 and 6 DNS exchanges with :53. */
function mixedCapture(): Uint8Array {
  const packets: Uint8Array[] = [];
  const flows = Array.from(
    { length: 8 },
    (_, i) => new TcpFlow({ ip: '10.0.0.1', port: 40000 + i }, { ip: '10.0.0.2', port: 8080 }),
  );
  for (const flow of flows) packets.push(flow.syn(), flow.synAck());
  for (const flow of flows) {
    packets.push(
      flow.send('c2s', 'GET / HTTP/1.1\r\n\r\n'),
      flow.send('s2c', 'HTTP/1.1 204 No\r\n\r\n'),
    );
  }
  for (let i = 0; i < 6; i++) {
    const port = 50000 + i;
    packets.push(
      ipPacket('10.0.0.1', '10.0.0.53', IPPROTO.udp, udpHeader(port, 53, bytes(`q${i}`))),
    );
    packets.push(
      ipPacket('10.0.0.53', '10.0.0.1', IPPROTO.udp, udpHeader(53, port, bytes(`a${i}`))),
    );
  }
  return pcapOf(packets);
}

/** A client port for each event: the flow it belongs to, whichever way it went. */
function clientPort(e: StreamEvent): number {
  if (e.kind === 'datagram') return e.remote.port;
  return e.kind === 'open' ? (e.role === 1 ? e.local.port : e.remote.port) : -1;
}

function shardEvents(shards: number, index: number): StreamEvent[] {
  const filter = new FlowShards(shards).filter(index);
  return decodeCaptureBytes(mixedCapture(), { shard: filter }).events;
}

describe('FlowShards', () => {
  it('gives every flow, both directions, to exactly one shard, and all of them to some shard', () => {
    const all = decodeCaptureBytes(mixedCapture()).events;
    const shards = [0, 1, 2].map((i) => shardEvents(3, i));
    expect(shards.reduce((n, events) => n + events.length, 0)).toBe(all.length);
    const owners = new Map<number, number>();
    shards.forEach((events, shard) => {
      for (const e of events) {
        const port = clientPort(e);
        if (port < 0) continue;
        expect(owners.get(port) ?? shard).toBe(shard);
        owners.set(port, shard);
      }
    });
    expect(owners.size).toBe(14);
    // Both the query and the answer of each DNS exchange reach its owner.
    for (const events of shards) {
      const datagrams = events.filter((e) => e.kind === 'datagram');
      expect(datagrams.length % 2).toBe(0);
    }
  });

  it('spreads each service evenly over the shards', () => {
    const opens = (index: number): number =>
      shardEvents(3, index).filter((e) => e.kind === 'open').length;
    expect([opens(0), opens(1), opens(2)]).toEqual([3, 3, 2]);
    const queries = (index: number): number =>
      shardEvents(4, index).filter((e) => e.kind === 'datagram' && e.direction === 'ingress')
        .length;
    expect([queries(0), queries(1), queries(2), queries(3)]).toEqual([2, 2, 1, 1]);
  });

  it('decides the same in independent readers, so shards never overlap', () => {
    const a = new FlowShards(2);
    const b = new FlowShards(2);
    const kept = (shards: FlowShards, index: number): number =>
      decodeCaptureBytes(mixedCapture(), { shard: shards.filter(index) }).events.length;
    const total = decodeCaptureBytes(mixedCapture()).events.length;
    expect(kept(a, 0) + kept(b, 1)).toBe(total);
  });
});
