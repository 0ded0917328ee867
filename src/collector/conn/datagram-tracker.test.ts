import { describe, expect, it } from 'vitest';
import type { RowBatch } from '../../store/index.js';
import type { Datagram, Direction, Endpoint, ProcessRef } from '../stream/types.js';
import { DatagramTracker } from './datagram-tracker.js';
import { RecordSink } from './record-sink.js';

const SERVER: Endpoint = { addr: '10.0.0.53', port: 53 };
const u16 = (n: number) => [n >> 8, n & 0xff];

/** A query for `name`/A, or (with `addr`) its reply: one answer pointing back at the question. */
function dns(txid: number, name: string, addr?: readonly number[]): Uint8Array {
  const qname = name.split('.').flatMap((label) => [label.length, ...Buffer.from(label)]);
  const answer = addr ? [0xc0, 12, ...u16(1), ...u16(1), 0, 0, 0, 60, ...u16(4), ...addr] : [];
  return Uint8Array.from([
    ...u16(txid),
    ...u16(addr ? 0x8180 : 0x0100),
    ...u16(1),
    ...u16(addr ? 1 : 0),
    ...u16(0),
    ...u16(0),
    ...qname,
    0,
    ...u16(1),
    ...u16(1),
    ...answer,
  ]);
}

/** A datagram seen at the server (local), from or to `client`. */
function datagram(
  client: Endpoint,
  direction: Direction,
  data: Uint8Array,
  timeNs: bigint,
  process?: ProcessRef,
): Datagram {
  return {
    kind: 'datagram',
    direction,
    timeNs,
    length: data.length,
    local: SERVER,
    remote: client,
    role: 4,
    data,
    ...(process ? { process } : {}),
  };
}

function column(batch: RowBatch | undefined, name: string): unknown[] {
  return Array.from((batch?.columns[name] ?? []) as ArrayLike<unknown>);
}

describe('DatagramTracker', () => {
  // Three flows with the same two ports: they differ by client address or by process.
  const A: Endpoint = { addr: '10.0.0.5', port: 40000 };
  const B: Endpoint = { addr: '10.0.0.6', port: 40000 };
  const P1: ProcessRef = { pid: 1, startTicks: 1 };
  const P2: ProcessRef = { pid: 2, startTicks: 1 };

  it('keeps flows that share both ports apart by address and process', () => {
    const sink = new RecordSink();
    const tracker = new DatagramTracker(sink);
    // The same transaction id and name in every flow: only the flow tells the replies apart.
    tracker.handle(datagram(A, 'ingress', dns(7, 'a.test'), 10n, P1));
    tracker.handle(datagram(B, 'ingress', dns(7, 'a.test'), 20n, P1));
    tracker.handle(datagram(A, 'ingress', dns(7, 'a.test'), 30n, P2));
    tracker.handle(datagram(A, 'egress', dns(7, 'a.test', [1, 1, 1, 3]), 100n, P2));
    tracker.handle(datagram(B, 'egress', dns(7, 'a.test', [1, 1, 1, 2]), 200n, P1));
    tracker.handle(datagram(A, 'egress', dns(7, 'a.test', [1, 1, 1, 1]), 300n, P1));
    const rows = sink.take().get('dns_events');
    expect(column(rows, 'remote_addr')).toEqual(['10.0.0.5', '10.0.0.6', '10.0.0.5']);
    expect(column(rows, 'upid')).toEqual([(2n << 64n) | 1n, (1n << 64n) | 1n, (1n << 64n) | 1n]);
    expect(column(rows, 'latency')).toEqual([70, 180, 290]);
    expect(column(rows, 'trace_role')).toEqual([2, 2, 2]);
    expect(column(rows, 'resp_body').map((b) => String(b).includes('1.1.1.'))).toEqual([
      true,
      true,
      true,
    ]);
    expect(tracker.stats.flows).toBe(3);
  });

  it('forgets idle flows on expire and keeps the ones with queries waiting', () => {
    const sink = new RecordSink();
    const tracker = new DatagramTracker(sink, 1_000n);
    tracker.handle(datagram(A, 'ingress', dns(1, 'a.test'), 10n));
    tracker.handle(datagram(B, 'ingress', dns(2, 'b.test'), 20n));
    tracker.handle(datagram(A, 'ingress', dns(3, 'c.test'), 30n, P1));
    tracker.handle(datagram(A, 'egress', dns(1, 'a.test', [1, 1, 1, 1]), 40n));
    tracker.handle(datagram(A, 'egress', dns(3, 'c.test', [1, 1, 1, 3]), 50n, P1));
    expect(tracker.follows(datagram(A, 'egress', dns(1, 'a.test', [1, 1, 1, 1]), 55n))).toBe(true);
    tracker.expire(60n);
    // The first and the last flow of the chain were idle; the middle one waits for a reply.
    expect(tracker.stats.flows).toBe(1);
    expect(tracker.follows(datagram(B, 'egress', dns(2, 'b.test', [1, 1, 1, 2]), 65n))).toBe(true);
    expect(tracker.follows(datagram(A, 'egress', dns(1, 'a.test', [1, 1, 1, 1]), 65n))).toBe(false);
    expect(column(sink.take().get('dns_events'), 'latency')).toEqual([30, 20]);

    tracker.handle(datagram(A, 'ingress', dns(4, 'd.test'), 70n));
    expect(tracker.stats.flows).toBe(2);
    tracker.expire(1_020n);
    const unanswered = sink.take().get('dns_events');
    expect(column(unanswered, 'remote_addr')).toEqual(['10.0.0.6']);
    expect(column(unanswered, 'resp_header')).toEqual(['']);
    expect(tracker.stats.flows).toBe(1);

    tracker.flush(2_000n);
    expect(column(sink.take().get('dns_events'), 'req_body')).toEqual([
      '{"queries":[{"name":"d.test","type":"A"}]}',
    ]);
  });

  it('counts datagrams that are not DNS and ones cut short', () => {
    const tracker = new DatagramTracker(new RecordSink());
    tracker.handle(datagram(A, 'ingress', Uint8Array.of(1, 2, 3), 1n));
    tracker.handle({ ...datagram(A, 'ingress', dns(1, 'a.test'), 2n), length: 1000 });
    expect(tracker.stats).toEqual({ flows: 1, ignored: 1, truncated: 1 });
  });
});
