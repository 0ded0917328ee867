import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordDecoder } from './decode.js';
import {
  ABI_VERSION,
  AF_INET,
  AF_INET6,
  ConnCloseRecord,
  ConnOpenRecord,
  DatagramRecord,
  DataRecord,
  Header,
  RecordKind,
} from './layout.js';

// Records are built here byte by byte from the layout, as the BPF program writes them.

const OFFSET_NS = 1_700_000_000_000_000_000n;
const decoderOptions = { clockOffsetNs: OFFSET_NS, ticksPerSecond: 100 };

interface Common {
  kind: number;
  tgid: number;
  connId: number;
  timestampNs: bigint;
  source?: number;
}

function record(size: number, c: Common): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(Header.timestampNs, c.timestampNs, true);
  view.setUint16(Header.kind, c.kind, true);
  bytes[Header.source] = c.source ?? 1;
  bytes[Header.abiVersion] = ABI_VERSION;
  view.setUint32(Header.tgid, c.tgid, true);
  view.setBigUint64(Header.connId, BigInt(c.connId), true);
  return { bytes, view };
}

function endpoint(view: DataView, at: number, family: number, addr: number[], port: number): void {
  addr.forEach((b, i) => view.setUint8(at + i, b));
  view.setUint16(at + 16, family, true);
  view.setUint16(at + 18, port, true);
}

function setComm(bytes: Uint8Array, at: number, name: string): void {
  bytes.set(new TextEncoder().encode(name), at);
}

function frame(...records: Uint8Array[]): Uint8Array {
  const parts: number[] = [];
  for (const r of records) {
    const header = new Uint8Array(8);
    new DataView(header.buffer).setUint32(0, r.length, true);
    const padded = new Uint8Array(Math.ceil(r.length / 8) * 8);
    padded.set(r);
    parts.push(...header, ...padded);
  }
  return Uint8Array.from(parts);
}

function openRecord(connId: number, role: number, comm = 'nginx'): Uint8Array {
  const { bytes, view } = record(ConnOpenRecord.size, {
    kind: RecordKind.connOpen,
    tgid: 4242,
    connId,
    timestampNs: 5_000n,
  });
  view.setBigUint64(ConnOpenRecord.procStartNs, 123_456_789_000n, true);
  view.setInt32(ConnOpenRecord.fd, 7, true);
  bytes[ConnOpenRecord.role] = role;
  bytes[ConnOpenRecord.protocol] = 6;
  endpoint(view, ConnOpenRecord.local, AF_INET, [127, 0, 0, 1], 8080);
  const mapped = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 1, 2, 3];
  endpoint(view, ConnOpenRecord.remote, AF_INET6, mapped, 51000);
  setComm(bytes, ConnOpenRecord.comm, comm);
  return bytes;
}

function dataRecord(
  connId: number,
  offset: number,
  length: number,
  payload: Uint8Array,
): Uint8Array {
  const { bytes, view } = record(DataRecord.size + payload.length, {
    kind: RecordKind.data,
    tgid: 4242,
    connId,
    timestampNs: 6_000n,
  });
  view.setBigUint64(DataRecord.offset, BigInt(offset), true);
  view.setUint32(DataRecord.length, length, true);
  view.setUint32(DataRecord.captured, payload.length, true);
  bytes[DataRecord.direction] = 1;
  bytes.set(payload, DataRecord.payload);
  return bytes;
}

function closeRecord(connId: number): Uint8Array {
  return record(ConnCloseRecord.size, {
    kind: RecordKind.connClose,
    tgid: 4242,
    connId,
    timestampNs: 7_000n,
  }).bytes;
}

function datagramRecord(payload: Uint8Array): Uint8Array {
  const { bytes, view } = record(DatagramRecord.size + payload.length, {
    kind: RecordKind.datagram,
    tgid: 99,
    connId: 0,
    timestampNs: 8_000n,
  });
  view.setBigUint64(DatagramRecord.procStartNs, 250_000_000n, true);
  view.setUint32(DatagramRecord.length, payload.length, true);
  view.setUint32(DatagramRecord.captured, payload.length, true);
  bytes[DatagramRecord.direction] = 0;
  bytes[DatagramRecord.role] = 1;
  bytes[DatagramRecord.protocol] = 17;
  view.setInt32(DatagramRecord.fd, 3, true);
  endpoint(
    view,
    DatagramRecord.local,
    AF_INET6,
    [0xfe, 0x80, ...Array<number>(13).fill(0), 1],
    40000,
  );
  endpoint(view, DatagramRecord.remote, AF_INET, [127, 0, 0, 53], 53);
  setComm(bytes, DatagramRecord.comm, 'dig');
  bytes.set(payload, DatagramRecord.payload);
  return bytes;
}

describe('RecordDecoder', () => {
  it('decodes open, data, close and datagram records into stream events', () => {
    const decoder = new RecordDecoder(decoderOptions);
    const text = new TextEncoder().encode('GET / HTTP/1.1\r\n');
    const events = decoder.decodeBatch(
      frame(
        openRecord(2 ** 33 + 5, 2),
        dataRecord(2 ** 33 + 5, 100, 4096, text),
        closeRecord(2 ** 33 + 5),
      ),
    );
    decoder.decodeBatch(frame(datagramRecord(Uint8Array.of(1, 2, 3))), events);

    expect(events).toEqual([
      {
        kind: 'open',
        connId: 2 ** 33 + 5,
        timeNs: OFFSET_NS + 5_000n,
        transport: 'tcp',
        role: 2,
        local: { addr: '127.0.0.1', port: 8080 },
        remote: { addr: '10.1.2.3', port: 51000 },
        process: { pid: 4242, startTicks: 12345, comm: 'nginx' },
        fd: 7,
      },
      {
        kind: 'data',
        connId: 2 ** 33 + 5,
        direction: 'ingress',
        offset: 100,
        length: 4096,
        timeNs: OFFSET_NS + 6_000n,
        data: text,
      },
      { kind: 'close', connId: 2 ** 33 + 5, timeNs: OFFSET_NS + 7_000n },
      {
        kind: 'datagram',
        direction: 'egress',
        timeNs: OFFSET_NS + 8_000n,
        length: 3,
        local: { addr: 'fe80::1', port: 40000 },
        remote: { addr: '127.0.0.53', port: 53 },
        role: 1,
        data: Uint8Array.of(1, 2, 3),
        process: { pid: 99, startTicks: 25, comm: 'dig' },
      },
    ]);
    expect(decoder.stats).toEqual({ records: 4, malformed: 0, unknown: 0 });
  });

  it('names the process with its comm: a 15-byte name whole, an unset one not at all', () => {
    const decoder = new RecordDecoder(decoderOptions);
    const events = decoder.decodeBatch(
      frame(openRecord(1, 1, 'postgres: walwr'), openRecord(2, 1, ''), openRecord(3, 1, 'a\0b')),
    );
    expect(events.map((e) => e.kind === 'open' && e.process)).toEqual([
      { pid: 4242, startTicks: 12345, comm: 'postgres: walwr' },
      { pid: 4242, startTicks: 12345 },
      { pid: 4242, startTicks: 12345, comm: 'a' },
    ]);
  });

  it('copies payloads out of the batch', () => {
    const batch = frame(dataRecord(1, 0, 3, Uint8Array.of(7, 8, 9)));
    const [chunk] = new RecordDecoder(decoderOptions).decodeBatch(batch);
    batch.fill(0);
    expect(chunk?.kind === 'data' && Array.from(chunk.data)).toEqual([7, 8, 9]);
  });

  it('skips records of unknown kinds or ABI versions and counts them', () => {
    const unknownKind = record(Header.size, {
      kind: 77,
      tgid: 1,
      connId: 1,
      timestampNs: 1n,
    }).bytes;
    const otherAbi = closeRecord(1);
    otherAbi[Header.abiVersion] = ABI_VERSION + 1;
    const decoder = new RecordDecoder(decoderOptions);
    const events = decoder.decodeBatch(frame(unknownKind, otherAbi, closeRecord(2)));
    expect(events.map((e) => e.kind === 'close' && e.connId)).toEqual([2]);
    expect(decoder.stats).toEqual({ records: 3, malformed: 0, unknown: 2 });
  });

  it('counts a payload that claims more bytes than the record holds', () => {
    const lying = dataRecord(1, 0, 10, Uint8Array.of(1, 2));
    new DataView(lying.buffer).setUint32(DataRecord.captured, 1000, true);
    const decoder = new RecordDecoder(decoderOptions);
    expect(decoder.decodeBatch(frame(lying))).toEqual([]);
    expect(decoder.stats.malformed).toBe(1);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const decoder = new RecordDecoder(decoderOptions);
        decoder.decodeBatch(bytes);
        decoder.decodeBatch(frame(bytes));
      }),
    );
  });
});
