/**
 * Makes a harder copy of a real TCP capture: data segments split into overlapping pieces,
 * some duplicated, and packets shuffled within small windows (handshake packets stay put, so
 * connections still start with their SYN). Reassembly must give back the same streams.
 */
import { emptyCaptureStats } from '../../src/collector/capture/pcap/capture-stats.js';
import { FrameReader } from '../../src/collector/capture/pcap/frame-reader.js';
import { decodePacket } from '../../src/collector/capture/pcap/packet-decoder.js';
import type { TcpPacket } from '../../src/collector/capture/pcap/packet-decoder.js';
import { writePcap } from './capture-writer.js';
import type { FrameSpec } from './capture-writer.js';
import { IPPROTO, TCP_FLAGS, ethernet, ipPacket, tcpHeader } from './packet-builder.js';

/** A small deterministic PRNG (mulberry32), so a failing shuffle can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rebuild(p: TcpPacket, from: number, to: number): Uint8Array {
  const header = tcpHeader(
    p.src.port,
    p.dst.port,
    (p.seq + from) >>> 0,
    p.flags,
    p.payload.subarray(from, to),
  );
  return ethernet(ipPacket(p.src.addr, p.dst.addr, IPPROTO.tcp, header));
}

export interface ShuffleReport {
  readonly capture: Uint8Array;
  readonly splits: number;
  readonly duplicates: number;
  readonly moved: number;
}

export function shuffleCapture(capture: Uint8Array, seed: number, window = 8): ShuffleReport {
  const next = random(seed);
  const stats = emptyCaptureStats();
  const reader = new FrameReader(stats);
  reader.push(capture);
  const out: FrameSpec[] = [];
  let pending: FrameSpec[] = [];
  let splits = 0;
  let duplicates = 0;
  let moved = 0;
  const flush = () => {
    const shuffled = pending
      .map((frame, i) => ({ frame, i, key: next() }))
      .sort((a, b) => a.key - b.key);
    moved += shuffled.filter((s, i) => s.i !== i).length;
    out.push(...shuffled.map((s) => s.frame));
    pending = [];
  };
  for (const frame of reader.frames()) {
    const packet = decodePacket(frame, stats);
    if (packet?.transport !== 'tcp') throw new Error('expected a TCP-only capture');
    if ((packet.flags & (TCP_FLAGS.S | TCP_FLAGS.R)) !== 0) {
      flush();
      out.push({ timeNs: frame.timeNs, data: rebuild(packet, 0, packet.payload.length) });
      continue;
    }
    const length = packet.payload.length;
    const pieces: [number, number][] = [[0, length]];
    if (length > 100 && (packet.flags & TCP_FLAGS.F) === 0 && next() < 0.5) {
      const cut = 1 + Math.floor(next() * (length - 2));
      const overlap = Math.floor(next() * Math.min(50, length - cut));
      pieces.splice(0, 1, [0, cut + overlap], [cut, length]);
      splits++;
    }
    for (const [from, to] of pieces) {
      const piece = { timeNs: frame.timeNs, data: rebuild(packet, from, to) };
      pending.push(piece);
      if (next() < 0.3) {
        pending.push(piece);
        duplicates++;
      }
    }
    if (pending.length >= window) flush();
  }
  flush();
  return { capture: writePcap(out, { linkType: 1, nanos: true }), splits, duplicates, moved };
}
