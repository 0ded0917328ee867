/** Writes pcap and pcapng files from frames, for tests that need captures of their own. */
import { concat } from './packet-builder.js';

export interface FrameSpec {
  readonly timeNs: bigint;
  readonly data: Uint8Array;
  /** pcapng only: which interface (index into `interfaces`); default 0. */
  readonly iface?: number;
  /** pcapng only: write as a Simple Packet Block (no timestamp) instead of an Enhanced one. */
  readonly simple?: boolean;
  /** Bytes on the wire when more than were captured (default data.length). */
  readonly originalLength?: number;
}

export interface PcapWriteOptions {
  readonly linkType: number;
  readonly littleEndian?: boolean;
  readonly nanos?: boolean;
}

export function writePcap(frames: readonly FrameSpec[], opts: PcapWriteOptions): Uint8Array {
  const le = opts.littleEndian ?? true;
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, opts.nanos === true ? 0xa1b23c4d : 0xa1b2c3d4, le);
  header.setUint16(4, 2, le);
  header.setUint16(6, 4, le);
  header.setUint32(16, 262144, le);
  header.setUint32(20, opts.linkType, le);
  const records = frames.map((frame) => {
    const record = new DataView(new ArrayBuffer(16));
    const perSecond = opts.nanos === true ? 1_000_000_000n : 1_000_000n;
    const units = opts.nanos === true ? frame.timeNs : frame.timeNs / 1000n;
    record.setUint32(0, Number(units / perSecond), le);
    record.setUint32(4, Number(units % perSecond), le);
    record.setUint32(8, frame.data.length, le);
    record.setUint32(12, frame.originalLength ?? frame.data.length, le);
    return concat(new Uint8Array(record.buffer), frame.data);
  });
  return concat(new Uint8Array(header.buffer), ...records);
}

export interface PcapngInterfaceSpec {
  readonly linkType: number;
  /** Raw if_tsresol byte; omitted = the default microseconds. */
  readonly tsresol?: number;
  readonly snapLength?: number;
}

export interface PcapngWriteOptions {
  readonly interfaces: readonly PcapngInterfaceSpec[];
  readonly littleEndian?: boolean;
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = concat(body, new Uint8Array((4 - (body.length % 4)) % 4));
  const total = 12 + padded.length;
  const head = new DataView(new ArrayBuffer(8));
  head.setUint32(0, type, le);
  head.setUint32(4, total, le);
  const tail = new DataView(new ArrayBuffer(4));
  tail.setUint32(0, total, le);
  return concat(new Uint8Array(head.buffer), padded, new Uint8Array(tail.buffer));
}

function tsUnitsPerSecond(tsresol: number | undefined): bigint {
  const r = tsresol ?? 6;
  return (r & 0x80) !== 0 ? 1n << BigInt(r & 0x7f) : 10n ** BigInt(r);
}

export function writePcapng(frames: readonly FrameSpec[], opts: PcapngWriteOptions): Uint8Array {
  const le = opts.littleEndian ?? true;
  const shb = new DataView(new ArrayBuffer(16));
  shb.setUint32(0, 0x1a2b3c4d, le);
  shb.setUint16(4, 1, le);
  shb.setBigInt64(8, -1n, le);
  const blocks = [block(0x0a0d0d0a, new Uint8Array(shb.buffer), le)];
  for (const iface of opts.interfaces) {
    const idb = new DataView(new ArrayBuffer(iface.tsresol === undefined ? 8 : 20));
    idb.setUint16(0, iface.linkType, le);
    idb.setUint32(4, iface.snapLength ?? 0, le);
    if (iface.tsresol !== undefined) {
      idb.setUint16(8, 9, le);
      idb.setUint16(10, 1, le);
      idb.setUint8(12, iface.tsresol);
      // then opt_endofopt (4 zero bytes) at 16
    }
    blocks.push(block(1, new Uint8Array(idb.buffer), le));
  }
  for (const frame of frames) {
    const original = frame.originalLength ?? frame.data.length;
    if (frame.simple === true) {
      const spb = new DataView(new ArrayBuffer(4));
      spb.setUint32(0, original, le);
      blocks.push(block(3, concat(new Uint8Array(spb.buffer), frame.data), le));
      continue;
    }
    const iface = frame.iface ?? 0;
    const perSecond = tsUnitsPerSecond(opts.interfaces[iface]?.tsresol);
    const units = (frame.timeNs * perSecond) / 1_000_000_000n;
    const epb = new DataView(new ArrayBuffer(20));
    epb.setUint32(0, iface, le);
    epb.setUint32(4, Number(units >> 32n), le);
    epb.setUint32(8, Number(units & 0xffffffffn), le);
    epb.setUint32(12, frame.data.length, le);
    epb.setUint32(16, original, le);
    blocks.push(block(6, concat(new Uint8Array(epb.buffer), frame.data), le));
  }
  return concat(...blocks);
}

/** A raw-IP pcap of these packets, one millisecond apart from `startNs` unless timed. */
export function pcapOf(
  packets: readonly (Uint8Array | { data: Uint8Array; timeNs: bigint })[],
  startNs = 1_700_000_000_000_000_000n,
): Uint8Array {
  const frames = packets.map((p, i) =>
    p instanceof Uint8Array ? { timeNs: startNs + BigInt(i) * 1_000_000n, data: p } : p,
  );
  return writePcap(frames, { linkType: 101, nanos: true });
}
