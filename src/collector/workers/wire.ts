import type { Endpoint, ProcessRef, StreamEvent } from '../stream/types.js';

/**
 * Stream events packed into one ArrayBuffer, so a batch crosses to a worker as a single
 * transferable message instead of thousands of structured-cloned objects.
 *
 * Each event: u8 kind, then its fields (little-endian; times as i64; strings as u16 length +
 * UTF-8; payload as u32 length + bytes).
 */
const KIND = { open: 1, close: 2, data: 3, datagram: 4 } as const;
const DIRECTION = { egress: 0, ingress: 1 } as const;
const encoder = new TextEncoder();

class Writer {
  private buffer: ArrayBuffer;
  private view: DataView;
  private bytes: Uint8Array;
  offset = 0;

  constructor(capacity: number) {
    this.buffer = new ArrayBuffer(capacity);
    this.view = new DataView(this.buffer);
    this.bytes = new Uint8Array(this.buffer);
  }

  private reserve(n: number): void {
    if (this.offset + n <= this.buffer.byteLength) return;
    const next = new ArrayBuffer(Math.max(this.buffer.byteLength * 2, this.offset + n));
    new Uint8Array(next).set(this.bytes.subarray(0, this.offset));
    this.buffer = next;
    this.view = new DataView(next);
    this.bytes = new Uint8Array(next);
  }

  u8(v: number): void {
    this.reserve(1);
    this.view.setUint8(this.offset, v);
    this.offset += 1;
  }
  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.offset, v, true);
    this.offset += 4;
  }
  f64(v: number): void {
    this.reserve(8);
    this.view.setFloat64(this.offset, v, true);
    this.offset += 8;
  }
  i64(v: bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.offset, v, true);
    this.offset += 8;
  }
  bytesWithLength(b: Uint8Array): void {
    this.u32(b.length);
    this.reserve(b.length);
    this.bytes.set(b, this.offset);
    this.offset += b.length;
  }
  text(s: string): void {
    this.bytesWithLength(encoder.encode(s));
  }
  endpoint(e: Endpoint): void {
    this.text(e.addr);
    this.u32(e.port);
  }
  process(p: ProcessRef | undefined): void {
    this.u8(p === undefined ? 0 : 1);
    if (p !== undefined) {
      this.u32(p.pid);
      this.f64(p.startTicks);
    }
  }
  finish(): ArrayBuffer {
    return this.buffer.slice(0, this.offset);
  }
}

export function encodeEvents(events: readonly StreamEvent[]): ArrayBuffer {
  const w = new Writer(4096);
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
        w.bytesWithLength(e.data);
        break;
      case 'datagram':
        w.u8(DIRECTION[e.direction]);
        w.f64(e.length);
        w.endpoint(e.local);
        w.endpoint(e.remote);
        w.u8(e.role);
        w.process(e.process);
        w.bytesWithLength(e.data);
        break;
    }
  }
  return w.finish();
}
