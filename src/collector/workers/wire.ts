import type { Endpoint, ProcessRef, StreamEvent } from '../stream/types.js';

/**
 * Stream events packed into one ArrayBuffer, so a batch crosses to a worker as a single
 * transferable message instead of thousands of structured-cloned objects.
 *
 * Layout (little-endian): u32 offset of the string table, the events, then the table: u32
 * count and each string as u32 length + UTF-8. Each event is u8 kind, i64 time, then its
 * fields; addresses are indexes into the table (a batch names few), payloads u32 length +
 * bytes. The buffer is sized for the batch up front, so writing never checks for room.
 */
export const KIND = { open: 1, close: 2, data: 3, datagram: 4 } as const;
const DIRECTION = { egress: 0, ingress: 1 } as const;
/** More than the fixed fields of any event take. */
const MAX_EVENT_BYTES = 64;
const encoder = new TextEncoder();

class Writer {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  offset = 4;
  private readonly strings = new Map<string, number>();

  constructor(readonly buffer: ArrayBuffer) {
    this.view = new DataView(buffer);
    this.bytes = new Uint8Array(buffer);
  }

  u8(v: number): void {
    this.view.setUint8(this.offset, v);
    this.offset += 1;
  }
  u32(v: number): void {
    this.view.setUint32(this.offset, v, true);
    this.offset += 4;
  }
  f64(v: number): void {
    this.view.setFloat64(this.offset, v, true);
    this.offset += 8;
  }
  i64(v: bigint): void {
    this.view.setBigInt64(this.offset, v, true);
    this.offset += 8;
  }
  payload(b: Uint8Array): void {
    this.u32(b.length);
    this.bytes.set(b, this.offset);
    this.offset += b.length;
  }
  endpoint(e: Endpoint): void {
    let index = this.strings.get(e.addr);
    if (index === undefined) {
      index = this.strings.size;
      this.strings.set(e.addr, index);
    }
    this.u32(index);
    this.u32(e.port);
  }
  process(p: ProcessRef | undefined): void {
    this.u8(p === undefined ? 0 : 1);
    if (p !== undefined) {
      this.u32(p.pid);
      this.f64(p.startTicks);
    }
  }

  /** Appends the string table; returns the buffer to send (a larger one if it had to grow). */
  finish(): ArrayBuffer {
    const texts = [...this.strings.keys()].map((s) => encoder.encode(s));
    const tableBytes = 4 + texts.reduce((sum, t) => sum + 4 + t.length, 0);
    const out = this.offset + tableBytes <= this.buffer.byteLength ? this : this.grown(tableBytes);
    out.view.setUint32(0, out.offset, true);
    out.u32(texts.length);
    for (const text of texts) out.payload(text);
    return out.buffer;
  }

  private grown(extra: number): Writer {
    const copy = new Writer(new ArrayBuffer(this.offset + extra));
    copy.bytes.set(this.bytes.subarray(0, this.offset));
    copy.offset = this.offset;
    return copy;
  }
}

function batchBytes(events: readonly StreamEvent[]): number {
  let bytes = 4;
  for (const e of events) {
    bytes += MAX_EVENT_BYTES;
    if (e.kind === 'data' || e.kind === 'datagram') bytes += e.data.length;
  }
  return bytes;
}

export function encodeEvents(events: readonly StreamEvent[]): ArrayBuffer {
  const w = new Writer(new ArrayBuffer(batchBytes(events) + 256));
  for (const e of events) {
    w.u8(KIND[e.kind]);
    w.i64(e.timeNs);
    switch (e.kind) {
      case 'open':
        w.f64(e.connId);
        w.u8(e.transport === 'tcp' ? 0 : 1);
        w.u8(e.role);
        w.endpoint(e.local);
        w.endpoint(e.remote);
        w.process(e.process);
        w.f64(e.fd ?? -1);
        break;
      case 'close':
        w.f64(e.connId);
        break;
      case 'data':
        w.f64(e.connId);
        w.u8(DIRECTION[e.direction]);
        w.f64(e.offset);
        w.f64(e.length);
        w.payload(e.data);
        break;
      case 'datagram':
        w.u8(DIRECTION[e.direction]);
        w.f64(e.length);
        w.endpoint(e.local);
        w.endpoint(e.remote);
        w.u8(e.role);
        w.process(e.process);
        w.payload(e.data);
        break;
    }
  }
  return w.finish();
}
