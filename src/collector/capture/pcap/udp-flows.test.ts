import { describe, expect, it } from 'vitest';
import { pcapOf } from '../../../../test/capture-pcap/capture-writer.js';
import { IPPROTO, ipPacket, udpHeader } from '../../../../test/capture-pcap/packet-builder.js';
import { text } from '../../../../test/capture-pcap/stream-collect.js';
import type { Datagram } from '../../stream/types.js';
import { decodeCaptureBytes } from './capture-file.js';

function udp(
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
  payload: string,
): Uint8Array {
  return ipPacket(
    src,
    dst,
    IPPROTO.udp,
    udpHeader(srcPort, dstPort, new TextEncoder().encode(payload)),
  );
}

function datagrams(...packets: Uint8Array[]): Datagram[] {
  return decodeCaptureBytes(pcapOf(packets)).events.filter(
    (e): e is Datagram => e.kind === 'datagram',
  );
}

describe('UDP datagrams from the server point of view', () => {
  it('makes the port-53 side the server, whichever way the datagram goes', () => {
    const [query, answer] = datagrams(
      udp('10.0.0.1', 41000, '10.0.0.53', 53, 'query'),
      udp('10.0.0.53', 53, '10.0.0.1', 41000, 'answer'),
    );
    for (const d of [query, answer]) {
      expect(d?.local).toEqual({ addr: '10.0.0.53', port: 53 });
      expect(d?.remote).toEqual({ addr: '10.0.0.1', port: 41000 });
      expect(d?.role).toBe(2);
    }
    expect(query?.direction).toBe('ingress');
    expect(answer?.direction).toBe('egress');
    expect(text(answer?.data ?? new Uint8Array())).toBe('answer');
  });

  it('uses the port rules on non-standard ports too', () => {
    const [d] = datagrams(udp('fd00::2', 5000, 'fd00::1', 45000, 'x'));
    expect(d?.local).toEqual({ addr: 'fd00::2', port: 5000 });
    expect(d?.direction).toBe('egress');
  });

  it('on equal ports, takes the receiver of the first datagram as the server for the whole flow', () => {
    const [first, reply, again] = datagrams(
      udp('10.0.0.1', 53, '10.0.0.2', 53, 'a'),
      udp('10.0.0.2', 53, '10.0.0.1', 53, 'b'),
      udp('10.0.0.1', 53, '10.0.0.2', 53, 'c'),
    );
    expect([first, reply, again].map((d) => [d?.local.addr, d?.direction])).toEqual([
      ['10.0.0.2', 'ingress'],
      ['10.0.0.2', 'egress'],
      ['10.0.0.2', 'ingress'],
    ]);
  });

  it('names every endpoint right when recent endpoints share a port or a cache slot', () => {
    const found = datagrams(
      udp('10.0.0.1', 41000, '10.0.0.53', 53, 'q1'),
      udp('10.0.0.2', 41000, '10.0.0.53', 53, 'q2'), // same client port, other address
      udp('10.0.0.3', 41000 + 4096, '10.0.0.54', 53 + 4096 * 2, 'q3'), // ports 4096 apart
      udp('10.0.0.53', 53, '10.0.0.1', 41000, 'a1'),
    );
    expect(found.map((d) => [d.remote.addr, d.remote.port, d.local.addr, d.local.port])).toEqual([
      ['10.0.0.1', 41000, '10.0.0.53', 53],
      ['10.0.0.2', 41000, '10.0.0.53', 53],
      ['10.0.0.3', 45096, '10.0.0.54', 8245],
      ['10.0.0.1', 41000, '10.0.0.53', 53],
    ]);
  });

  it('delivers empty datagrams and keeps their timestamps', () => {
    const { events } = decodeCaptureBytes(
      pcapOf([{ data: udp('1.1.1.1', 40000, '2.2.2.2', 53, ''), timeNs: 42n }]),
    );
    expect(events).toEqual([
      expect.objectContaining({ kind: 'datagram', timeNs: 42n, data: new Uint8Array(0) }),
    ]);
  });
});
