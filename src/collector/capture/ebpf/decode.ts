/**
 * Ring-buffer batches from the addon → stream events. The bytes come from our own BPF
 * program, but a decoder is still a parser: a record that does not fit is counted and skipped,
 * never thrown.
 */
import type {
  ConnClose,
  ConnOpen,
  DataChunk,
  Datagram,
  Direction,
  ProcessRef,
  StreamEvent,
  StreamRole,
} from '../../stream/types.js';
import { readEndpoint } from './address.js';
import { decodeComm } from './comm.js';
import {
  ABI_VERSION,
  BatchFraming,
  COMM_BYTES,
  ConnCloseRecord,
  ConnOpenRecord,
  DatagramRecord,
  DataRecord,
  Header,
  IPPROTO_UDP,
  KernelDirection,
  RecordKind,
} from './layout.js';

export interface DecoderOptions {
  /** CLOCK_REALTIME − CLOCK_MONOTONIC in ns, sampled once at start. */
  readonly clockOffsetNs: bigint;
  /** USER_HZ, the unit of /proc/<pid>/stat's starttime (100 on Linux). */
  readonly ticksPerSecond: number;
}

export interface DecoderStats {
  records: number;
  /** Records whose size or framing did not fit their kind (skipped). */
  malformed: number;
  /** Records of a kind or ABI version this decoder does not know (skipped). */
  unknown: number;
}

/** One record, its bytes and where it starts in them. */
interface RecordView {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly at: number;
  readonly size: number;
}

export class RecordDecoder {
  readonly stats: DecoderStats = { records: 0, malformed: 0, unknown: 0 };
  private readonly nsPerTick: bigint;

  constructor(private readonly options: DecoderOptions) {
    this.nsPerTick = BigInt(Math.round(1e9 / options.ticksPerSecond));
  }

  /** Decodes one batch (framed as in native/addon/ring_reader.h), appending to `out`. */
  decodeBatch(batch: Uint8Array, out: StreamEvent[] = []): StreamEvent[] {
    const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
    let at = 0;
    while (at + BatchFraming.headerSize <= batch.length) {
      const size = view.getUint32(at, true);
      const start = at + BatchFraming.headerSize;
      if (size < Header.size || start + size > batch.length) {
        this.stats.malformed++;
        break;
      }
      this.stats.records++;
      const event = this.decodeRecord({ bytes: batch, view, at: start, size });
      if (event !== null) out.push(event);
      at = start + Math.ceil(size / BatchFraming.align) * BatchFraming.align;
    }
    return out;
  }

  private decodeRecord(r: RecordView): StreamEvent | null {
    if (r.bytes[r.at + Header.abiVersion] !== ABI_VERSION) {
      this.stats.unknown++;
      return null;
    }
    const kind = r.view.getUint16(r.at + Header.kind, true);
    switch (kind) {
      case RecordKind.connOpen:
        return this.fits(r, ConnOpenRecord.size) ? this.connOpen(r) : null;
      case RecordKind.connClose:
        return this.fits(r, ConnCloseRecord.size) ? this.connClose(r) : null;
      case RecordKind.data:
        return this.fits(r, DataRecord.size) ? this.dataChunk(r) : null;
      case RecordKind.datagram:
        return this.fits(r, DatagramRecord.size) ? this.datagram(r) : null;
      default:
        this.stats.unknown++;
        return null;
    }
  }

  private fits(r: RecordView, size: number): boolean {
    if (r.size >= size) return true;
    this.stats.malformed++;
    return false;
  }

  private connOpen(r: RecordView): ConnOpen {
    const { view, at } = r;
    return {
      kind: 'open',
      connId: this.connId(r),
      timeNs: this.time(r),
      transport: 'tcp',
      role: toRole(r.bytes[at + ConnOpenRecord.role]),
      local: readEndpoint(r.bytes, view, at + ConnOpenRecord.local),
      remote: readEndpoint(r.bytes, view, at + ConnOpenRecord.remote),
      process: this.process(r, ConnOpenRecord.procStartNs, ConnOpenRecord.comm),
      fd: view.getInt32(at + ConnOpenRecord.fd, true),
    };
  }

  private connClose(r: RecordView): ConnClose {
    return { kind: 'close', connId: this.connId(r), timeNs: this.time(r) };
  }

  private dataChunk(r: RecordView): DataChunk | null {
    const { view, at } = r;
    const captured = view.getUint32(at + DataRecord.captured, true);
    const payload = this.payload(r, DataRecord.payload, captured);
    if (payload === null) return null;
    return {
      kind: 'data',
      connId: this.connId(r),
      direction: toDirection(r.bytes[at + DataRecord.direction]),
      offset: Number(view.getBigUint64(at + DataRecord.offset, true)),
      length: view.getUint32(at + DataRecord.length, true),
      timeNs: this.time(r),
      data: payload,
    };
  }

  private datagram(r: RecordView): Datagram | null {
    const { view, at } = r;
    if (r.bytes[at + DatagramRecord.protocol] !== IPPROTO_UDP) {
      this.stats.malformed++;
      return null;
    }
    const captured = view.getUint32(at + DatagramRecord.captured, true);
    const payload = this.payload(r, DatagramRecord.payload, captured);
    if (payload === null) return null;
    return {
      kind: 'datagram',
      direction: toDirection(r.bytes[at + DatagramRecord.direction]),
      timeNs: this.time(r),
      length: view.getUint32(at + DatagramRecord.length, true),
      local: readEndpoint(r.bytes, view, at + DatagramRecord.local),
      remote: readEndpoint(r.bytes, view, at + DatagramRecord.remote),
      role: toRole(r.bytes[at + DatagramRecord.role]),
      data: payload,
      process: this.process(r, DatagramRecord.procStartNs, DatagramRecord.comm),
    };
  }

  /** A copy of the payload, so events do not pin the whole batch in memory. */
  private payload(r: RecordView, offset: number, captured: number): Uint8Array | null {
    if (offset + captured > r.size) {
      this.stats.malformed++;
      return null;
    }
    return r.bytes.slice(r.at + offset, r.at + offset + captured);
  }

  private connId(r: RecordView): number {
    const low = r.view.getUint32(r.at + Header.connId, true);
    const high = r.view.getUint32(r.at + Header.connId + 4, true);
    return high * 2 ** 32 + low;
  }

  private time(r: RecordView): bigint {
    return r.view.getBigUint64(r.at + Header.timestampNs, true) + this.options.clockOffsetNs;
  }

  /** pid + start time in ticks, exactly as /proc/<pid>/stat shows them, and the name if set. */
  private process(r: RecordView, startField: number, commField: number): ProcessRef {
    const startNs = r.view.getBigUint64(r.at + startField, true);
    const pid = r.view.getUint32(r.at + Header.tgid, true);
    const startTicks = Number(startNs / this.nsPerTick);
    const commAt = r.at + commField;
    const comm = decodeComm(r.bytes.subarray(commAt, commAt + COMM_BYTES));
    return comm === '' ? { pid, startTicks } : { pid, startTicks, comm };
  }
}

function toRole(value: number | undefined): StreamRole {
  return value === 1 || value === 2 ? value : 4;
}

function toDirection(value: number | undefined): Direction {
  return value === KernelDirection.egress ? 'egress' : 'ingress';
}
