import type { Endpoint, ProcessRef, StreamEvent, StreamRole } from '../stream/types.js';
import { KIND } from './wire.js';

const decoder = new TextDecoder();

class Reader {
  private readonly view: DataView;
  private readonly bytes: Uint8Array;
  /** Where the events end and the string table begins. */
  readonly end: number;
  private readonly strings: string[] = [];
  offset: number;

  constructor(buffer: ArrayBuffer) {
    this.view = new DataView(buffer);
    this.bytes = new Uint8Array(buffer);
    this.end = this.view.getUint32(0, true);
    this.offset = this.end;
    const count = this.u32();
    for (let i = 0; i < count; i++) this.strings.push(decoder.decode(this.payload()));
    this.offset = 4;
  }
  u8(): number {
    return this.view.getUint8(this.offset++);
  }
  u32(): number {
    const v = this.view.getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }
  f64(): number {
    const v = this.view.getFloat64(this.offset, true);
    this.offset += 8;
    return v;
  }
  i64(): bigint {
    const v = this.view.getBigInt64(this.offset, true);
    this.offset += 8;
    return v;
  }
  /** A view into the batch buffer: the worker owns it after the transfer. */
  payload(): Uint8Array {
    const n = this.u32();
    const out = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  endpoint(): Endpoint {
    const addr = this.strings[this.u32()] ?? '-';
    return { addr, port: this.u32() };
  }
  process(): ProcessRef | undefined {
    return this.u8() === 0 ? undefined : { pid: this.u32(), startTicks: this.f64() };
  }
  direction(): 'egress' | 'ingress' {
    return this.u8() === 0 ? 'egress' : 'ingress';
  }
}

/** The inverse of encodeEvents. The buffer comes from our own encoder, so it is trusted. */
export function decodeEvents(buffer: ArrayBuffer): StreamEvent[] {
  const r = new Reader(buffer);
  const events: StreamEvent[] = [];
  while (r.offset < r.end) {
    const kind = r.u8();
    const timeNs = r.i64();
    if (kind === KIND.open) {
      const connId = r.f64();
      const transport = r.u8() === 0 ? 'tcp' : 'udp';
      const role = r.u8() as StreamRole;
      const local = r.endpoint();
      const remote = r.endpoint();
      const process = r.process();
      const fd = r.f64();
      events.push({
        kind: 'open',
        connId,
        timeNs,
        transport,
        role,
        local,
        remote,
        ...(process === undefined ? {} : { process }),
        ...(fd < 0 ? {} : { fd }),
      });
    } else if (kind === KIND.close) {
      events.push({ kind: 'close', connId: r.f64(), timeNs });
    } else if (kind === KIND.data) {
      const connId = r.f64();
      const direction = r.direction();
      const offset = r.f64();
      const length = r.f64();
      events.push({
        kind: 'data',
        connId,
        direction,
        offset,
        length,
        timeNs,
        data: r.payload(),
      });
    } else {
      const direction = r.direction();
      const length = r.f64();
      const local = r.endpoint();
      const remote = r.endpoint();
      const role = r.u8() as StreamRole;
      const process = r.process();
      const data = r.payload();
      events.push({
        kind: 'datagram',
        direction,
        timeNs,
        length,
        local,
        remote,
        role,
        data,
        ...(process === undefined ? {} : { process }),
      });
    }
  }
  return events;
}
