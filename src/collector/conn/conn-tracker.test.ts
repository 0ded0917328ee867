import { describe, expect, it } from 'vitest';
import { httpSpec } from '../protocols/http/index.js';
import type { ConnOpen, DataChunk, Direction, StreamEvent, StreamRole } from '../stream/types.js';
import { ConnTracker } from './conn-tracker.js';
import type { RowBatch } from '../../store/index.js';

const enc = new TextEncoder();
const REQUEST = 'GET /api/items/7 HTTP/1.1\r\nHost: shop\r\n\r\n';
const RESPONSE =
  'HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nContent-Type: text/plain\r\n\r\nno item 7';

function open(role: StreamRole, connId = 1): ConnOpen {
  return {
    kind: 'open',
    connId,
    timeNs: 1_000n,
    transport: 'tcp',
    role,
    local: { addr: '10.0.0.5', port: role === 2 ? 8080 : 40000 },
    remote: { addr: '10.0.0.9', port: role === 2 ? 40000 : 8080 },
    process: { pid: 4242, startTicks: 777 },
  };
}

function data(
  direction: Direction,
  offset: number,
  text: string,
  timeNs: bigint,
  connId = 1,
): DataChunk {
  const bytes = enc.encode(text);
  return { kind: 'data', connId, direction, offset, length: bytes.length, timeNs, data: bytes };
}

function column(batch: RowBatch | undefined, name: string): unknown[] {
  return Array.from((batch?.columns[name] ?? []) as ArrayLike<unknown>);
}

describe('ConnTracker with the HTTP parser', () => {
  it('turns a server-side exchange into an http_events row with canonical columns', () => {
    const tracker = new ConnTracker({ specs: [httpSpec] });
    tracker.handle([
      open(2),
      data('ingress', 0, REQUEST, 2_000n),
      data('egress', 0, RESPONSE, 5_000n),
      { kind: 'close', connId: 1, timeNs: 6_000n },
    ]);
    const http = tracker.sink.take().get('http_events');
    expect(http?.length).toBe(1);
    expect(column(http, 'time_')).toEqual([5_000n]);
    expect(column(http, 'upid')).toEqual([(4242n << 64n) | 777n]);
    expect(column(http, 'remote_addr')).toEqual(['10.0.0.9']);
    expect(column(http, 'remote_port')).toEqual([40000]);
    expect(column(http, 'local_port')).toEqual([8080]);
    expect(column(http, 'trace_role')).toEqual([2]);
    expect(column(http, 'req_method')).toEqual(['GET']);
    expect(column(http, 'req_path')).toEqual(['/api/items/7']);
    expect(column(http, 'resp_status')).toEqual([404]);
    expect(column(http, 'resp_body')).toEqual(['no item 7']);
    expect(column(http, 'latency')).toEqual([3_000]);
    expect(tracker.stats()).toMatchObject({ connections: 0, connectionsOpened: 1 });
  });

  it('reorders chunks and infers the role when the source did not know it', () => {
    const tracker = new ConnTracker({ specs: [httpSpec] });
    const half = 10;
    const events: StreamEvent[] = [
      open(4),
      data('egress', half, REQUEST.slice(half), 2_000n), // arrives before its first bytes
      data('egress', 0, REQUEST.slice(0, half), 1_500n),
      data('ingress', 0, RESPONSE, 9_000n),
    ];
    tracker.handle(events);
    const http = tracker.sink.take().get('http_events');
    expect(column(http, 'trace_role')).toEqual([1]); // we sent the request: client
    expect(column(http, 'req_path')).toEqual(['/api/items/7']);
    expect(column(http, 'resp_status')).toEqual([404]);
  });

  it('adopts a connection it never saw open and parses from the next message', () => {
    const tracker = new ConnTracker({ specs: [httpSpec] });
    tracker.handle([
      data('ingress', 5000, REQUEST, 2_000n, 9),
      data('egress', 7000, RESPONSE, 3_000n, 9),
    ]);
    const http = tracker.sink.take().get('http_events');
    expect(column(http, 'resp_status')).toEqual([404]);
    expect(column(http, 'trace_role')).toEqual([2]);
    expect(column(http, 'remote_addr')).toEqual(['-']);
    expect(tracker.stats().adoptedConnections).toBe(1);
  });

  it('gives up on connections that speak no known protocol', () => {
    const tracker = new ConnTracker({ specs: [httpSpec] });
    const noise = 'x'.repeat(600);
    tracker.handle([
      open(1, 3),
      data('egress', 0, noise, 2_000n, 3),
      data('egress', 600, REQUEST, 3_000n, 3),
    ]);
    tracker.handle([{ kind: 'close', connId: 3, timeNs: 4_000n }]);
    expect(tracker.sink.take().size).toBe(0);
    expect(tracker.stats().unknownProtocolConnections).toBe(1);
  });

  it('keeps conn_stats per process, peer and role: opens, closes, active, bytes', () => {
    const tracker = new ConnTracker({ specs: [httpSpec] });
    const client = (connId: number): ConnOpen => ({
      ...open(1, connId),
      remote: { addr: '10.0.0.9', port: 8080 },
    });
    tracker.handle([
      client(1),
      client(2),
      data('egress', 0, REQUEST, 2_000n, 1),
      data('ingress', 0, RESPONSE, 3_000n, 1),
      data('egress', 0, REQUEST, 4_000n, 2),
      { kind: 'close', connId: 1, timeNs: 5_000n },
    ]);
    tracker.sink.take();
    tracker.sampleConnStats(10_000n);
    const stats = tracker.sink.take().get('conn_stats');
    expect(stats?.length).toBe(1);
    const one = (name: string): unknown => column(stats, name)[0];
    expect(one('time_')).toBe(10_000n);
    expect(one('upid')).toBe((4242n << 64n) | 777n);
    expect(one('trace_role')).toBe(1);
    expect(one('protocol')).toBe(1); // HTTP
    expect(one('addr_family')).toBe(2);
    expect([one('conn_open'), one('conn_close'), one('conn_active')]).toEqual([2, 1, 1]);
    expect(one('bytes_sent')).toBe(2 * REQUEST.length);
    expect(one('bytes_recv')).toBe(RESPONSE.length);
  });

  it('pairs DNS datagrams per flow and times out unanswered queries', () => {
    const tracker = new ConnTracker({ specs: [httpSpec], dnsTimeoutNs: 2_000_000_000n });
    const local = { addr: '127.0.0.1', port: 45000 };
    const remote = { addr: '127.0.0.53', port: 53 };
    const datagram = (direction: Direction, bytes: Uint8Array, timeNs: bigint): StreamEvent => ({
      kind: 'datagram',
      direction,
      timeNs,
      length: bytes.length,
      local,
      remote,
      role: 4,
      data: bytes,
      process: { pid: 99, startTicks: 1 },
    });
    tracker.handle([
      datagram('egress', dnsQuery(0x1234, 'shop.test'), 1_000n),
      datagram('ingress', dnsAnswer(0x1234, 'shop.test', [10, 1, 2, 3]), 4_000n),
      datagram('egress', dnsQuery(0x9999, 'lost.test'), 5_000n),
    ]);
    let dns = tracker.sink.take().get('dns_events');
    expect(column(dns, 'trace_role')).toEqual([1]);
    expect(column(dns, 'latency')).toEqual([3_000]);
    expect(column(dns, 'resp_body')).toEqual([
      '{"answers":[{"name":"shop.test","type":"A","addr":"10.1.2.3"}]}',
    ]);
    tracker.expire(5_000n + 3_000_000_000n);
    dns = tracker.sink.take().get('dns_events');
    expect(column(dns, 'req_body')).toEqual(['{"queries":[{"name":"lost.test","type":"A"}]}']);
    expect(column(dns, 'resp_header')).toEqual(['']);
  });
});

/** A DNS message: header, one question for `name` type A class IN, then `answer` bytes. */
function dnsMessage(
  id: number,
  flags: number,
  name: string,
  answers: number,
  answer: number[],
): Uint8Array {
  const qname = name.split('.').flatMap((label) => [label.length, ...enc.encode(label)]);
  return Uint8Array.from([
    id >> 8,
    id & 0xff,
    flags >> 8,
    flags & 0xff,
    0,
    1,
    0,
    answers,
    0,
    0,
    0,
    0,
    ...qname,
    0,
    0,
    1,
    0,
    1,
    ...answer,
  ]);
}

function dnsQuery(id: number, name: string): Uint8Array {
  return dnsMessage(id, 0x0100, name, 0, []);
}

function dnsAnswer(id: number, name: string, addr: number[]): Uint8Array {
  // Name as a pointer to the question (offset 12), type A, class IN, TTL 60, 4 bytes of address.
  return dnsMessage(id, 0x8180, name, 1, [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...addr]);
}
