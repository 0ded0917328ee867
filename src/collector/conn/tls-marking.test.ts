import { describe, expect, it } from 'vitest';
import type { RowBatch } from '../../store/index.js';
import { PROTOCOL_SPECS } from '../protocols/registry.js';
import type { ConnOpen, DataChunk, Direction, StreamRole } from '../stream/types.js';
import { ConnTracker } from './conn-tracker.js';
import { readTlsHello } from './tls-hello.js';

const enc = new TextEncoder();

/** A TLS handshake record holding one hello of `type` (1 client, 2 server), ~like OpenSSL's. */
function hello(type: 1 | 2, recordMinor: number): Uint8Array {
  const body = [
    ...[3, 3], // legacy_version TLS 1.2
    ...Array.from({ length: 32 }, (_, i) => (i * 37 + type) & 0xff), // random
    0, // no session id
    ...(type === 1 ? [0, 4, 0x13, 0x01, 0x13, 0x02, 1, 0] : [0x13, 0x01, 0]), // suites, compression
    ...[0, 6, 0, 0x2b, 0, 2, 3, 4], // extensions: supported_versions TLS 1.3
  ];
  const handshake = [type, 0, body.length >> 8, body.length & 0xff, ...body];
  return Uint8Array.from([0x16, 3, recordMinor, 0, handshake.length, ...handshake]);
}

const clientHello = (recordMinor = 1): Uint8Array => hello(1, recordMinor);
const serverHello = (): Uint8Array => hello(2, 3);

describe('readTlsHello', () => {
  it('recognises a ClientHello as the request side and a ServerHello as the response side', () => {
    expect(readTlsHello(clientHello())).toEqual({ kind: 'hello', side: 'request' });
    expect(readTlsHello(serverHello())).toEqual({ kind: 'hello', side: 'response' });
  });

  it('accepts every record version from SSL 3.0 to TLS 1.3', () => {
    for (const minor of [0, 1, 2, 3, 4]) {
      expect(readTlsHello(clientHello(minor)).kind).toBe('hello');
    }
  });

  it('waits on every prefix of a hello shorter than its first 11 bytes', () => {
    const hello = clientHello();
    for (let n = 0; n < 11; n++) {
      expect(readTlsHello(hello.subarray(0, n))).toEqual({ kind: 'need-more' });
    }
    expect(readTlsHello(hello.subarray(0, 11)).kind).toBe('hello');
  });

  it('rejects a stream starting 0x16 as soon as a later byte cannot belong to a hello', () => {
    const tweak = (at: number, value: number): Uint8Array => {
      const bytes = clientHello();
      bytes[at] = value;
      return bytes;
    };
    const cases: [string, Uint8Array][] = [
      ['text after 0x16', Uint8Array.from([0x16, 0x41])],
      ['record version 2.x', tweak(1, 2)],
      ['record version 3.5', tweak(2, 5)],
      ['an empty record', Uint8Array.from([0x16, 3, 1, 0, 0])],
      ['a record longer than 2^14', Uint8Array.from([0x16, 3, 3, 0x40, 0x01])],
      ['a Certificate, not a hello', tweak(5, 11)],
      ['a hello too short for its random', tweak(8, 10)],
      ['hello version 4.x', tweak(9, 4)],
      ['hello version 3.9', tweak(10, 9)],
      // A MySQL command of 22 bytes: its length byte is 0x16.
      ['a MySQL COM_QUERY', Uint8Array.from([0x16, 0, 0, 0, 3, 0x73, 0x65, 0x6c])],
    ];
    for (const [what, bytes] of cases) {
      expect(readTlsHello(bytes), what).toEqual({ kind: 'not-tls' });
    }
  });

  it('rejects streams that do not start with a handshake record', () => {
    expect(readTlsHello(new TextEncoder().encode('GET / HTTP/1.1\r\n')).kind).toBe('not-tls');
    // An application-data record (0x17): not a connection's first bytes.
    const appData = clientHello();
    appData[0] = 0x17;
    expect(readTlsHello(appData).kind).toBe('not-tls');
  });
});

function open(role: StreamRole, connId = 1): ConnOpen {
  return {
    kind: 'open',
    connId,
    timeNs: 1_000n,
    transport: 'tcp',
    role,
    local: { addr: '10.0.0.5', port: role === 2 ? 443 : 40000 },
    remote: { addr: '10.0.0.9', port: role === 2 ? 40000 : 443 },
    process: { pid: 4242, startTicks: 777 },
  };
}

/** Chunks are stamped in the order they are made, as a capture would see them. */
let clock = 2_000n;

function chunk(direction: Direction, offset: number, data: Uint8Array, connId = 1): DataChunk {
  const timeNs = (clock += 100n);
  return { kind: 'data', connId, direction, offset, length: data.length, timeNs, data };
}

/** `bytes` cut at `cuts`, as successive chunks of one direction. */
function split(direction: Direction, bytes: Uint8Array, cuts: number[], connId = 1): DataChunk[] {
  const edges = [0, ...cuts, bytes.length];
  return edges.slice(1).map((end, i) => {
    const start = edges[i] as number;
    return chunk(direction, start, bytes.subarray(start, end), connId);
  });
}

function column(batch: RowBatch | undefined, name: string): unknown[] {
  return Array.from((batch?.columns[name] ?? []) as ArrayLike<unknown>);
}

/** What a request in clear would look like; after a hello, parsers must never see it. */
const REQUEST = enc.encode('GET /secret HTTP/1.1\r\nHost: shop\r\n\r\n');
const RESPONSE = enc.encode('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');

describe('ConnTracker marks TLS connections', () => {
  it('marks a connection whose ClientHello arrives in pieces, and parses none of its bytes', () => {
    const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
    const client = clientHello();
    const server = serverHello();
    tracker.handle([open(2), ...split('ingress', client, [2, 7])]);
    expect(tracker.stats().tlsConnections).toBe(1);
    tracker.handle([
      chunk('egress', 0, server),
      // Bytes that would parse as HTTP if any parser saw them.
      chunk('ingress', client.length, REQUEST),
      chunk('egress', server.length, RESPONSE),
      { kind: 'close', connId: 1, timeNs: (clock += 100n) },
    ]);
    tracker.sampleConnStats((clock += 100n));
    const tables = tracker.sink.take();
    expect(tables.has('http_events')).toBe(false);
    const stats = tables.get('conn_stats');
    expect(column(stats, 'ssl')).toEqual([true]);
    expect(column(stats, 'protocol')).toEqual([13]); // TLS: what it carries cannot be seen
    expect(column(stats, 'trace_role')).toEqual([2]);
    expect(column(stats, 'bytes_recv')).toEqual([client.length + REQUEST.length]);
    expect(column(stats, 'bytes_sent')).toEqual([server.length + RESPONSE.length]);
    expect(tracker.stats()).toMatchObject({ tlsConnections: 1, unknownProtocolConnections: 0 });
  });

  it('takes the role from the hello when the source did not know it', () => {
    const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
    tracker.handle([open(4, 1), chunk('egress', 0, clientHello(), 1)]);
    tracker.handle([open(4, 2), chunk('egress', 0, serverHello(), 2)]);
    tracker.sampleConnStats((clock += 100n));
    const stats = tracker.sink.take().get('conn_stats');
    expect(column(stats, 'trace_role').sort()).toEqual([1, 2]);
    expect(column(stats, 'ssl')).toEqual([true, true]);
  });

  it('hands a stream that starts with 0x16 but is not TLS to the protocol detectors intact', () => {
    const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
    // A MySQL COM_QUERY of 21 characters: 22 bytes of payload, so its first byte is 0x16.
    const statement = 'select * from orders;';
    const query = Uint8Array.from([0x16, 0, 0, 0, 3, ...enc.encode(statement)]);
    const ok = Uint8Array.from([7, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0]);
    tracker.handle([
      open(1),
      ...split('egress', query, [1]), // the lone 0x16 could still open a hello: it waits
      chunk('ingress', 0, ok),
      { kind: 'close', connId: 1, timeNs: (clock += 100n) },
    ]);
    tracker.sampleConnStats((clock += 100n));
    const tables = tracker.sink.take();
    const mysql = tables.get('mysql_events');
    expect(column(mysql, 'req_body')).toEqual([statement]);
    expect(column(mysql, 'resp_status')).toEqual([2]);
    expect(column(tables.get('conn_stats'), 'ssl')).toEqual([false]);
    expect(tracker.stats().tlsConnections).toBe(0);
  });

  it('still parses plain HTTP beside a TLS connection', () => {
    const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
    tracker.handle([
      open(2, 1),
      chunk('ingress', 0, clientHello(), 1),
      open(2, 2),
      chunk('ingress', 0, REQUEST, 2),
      chunk('egress', 0, RESPONSE, 2),
    ]);
    const http = tracker.sink.take().get('http_events');
    expect(column(http, 'req_path')).toEqual(['/secret']);
    expect(tracker.stats().tlsConnections).toBe(1);
  });
});
