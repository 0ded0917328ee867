/**
 * Turns a capture file into per-connection, per-direction byte streams with tshark, the way the
 * connection tracker would feed a protocol parser: in-order bytes, retransmissions dropped, holes
 * reported as gaps. Test-only: it shells out to tshark, which CI must have (missing = failure).
 */
import { execFileSync } from 'node:child_process';
import type {
  MessageSide,
  ProtocolConnection,
  ProtocolRecord,
} from '../../src/collector/protocols/common/types.js';

export type StreamEvent =
  | { kind: 'data'; side: MessageSide; data: Uint8Array; timeNs: bigint }
  | { kind: 'gap'; side: MessageSide; length: number; timeNs: bigint };

export interface TcpConversation {
  readonly stream: number;
  readonly clientPort: number;
  readonly events: StreamEvent[];
  readonly lastTimeNs: bigint;
}

interface Segment {
  stream: number;
  srcPort: number;
  dstPort: number;
  seq: number;
  timeNs: bigint;
  payload: Uint8Array;
}

const FIELDS = ['tcp.stream', 'tcp.srcport', 'tcp.dstport', 'tcp.seq', 'frame.time_epoch'];

function epochToNs(text: string): bigint {
  const [secs = '0', frac = ''] = text.split('.');
  return BigInt(secs) * 1_000_000_000n + BigInt(frac.padEnd(9, '0').slice(0, 9));
}

function readSegments(file: string): Segment[] {
  const args = ['-r', file, '-n', '-Y', 'tcp', '-T', 'fields', '-E', 'separator=|'];
  for (const f of [...FIELDS, 'tcp.payload']) args.push('-e', f);
  const out = execFileSync('tshark', args, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const segments: Segment[] = [];
  for (const line of out.split('\n')) {
    if (line.trim() === '') continue;
    const [stream, src, dst, seq, time, payload = ''] = line.split('|');
    segments.push({
      stream: Number(stream),
      srcPort: Number(src),
      dstPort: Number(dst),
      seq: Number(seq),
      timeNs: epochToNs(time ?? '0'),
      payload: Uint8Array.from(Buffer.from(payload.replaceAll(':', ''), 'hex')),
    });
  }
  return segments;
}

/** Splits a capture into TCP conversations with the server on `serverPort`, in capture order. */
export function tcpConversations(file: string, serverPort: number): TcpConversation[] {
  const byStream = new Map<number, { conv: TcpConversation; next: Map<MessageSide, number> }>();
  for (const seg of readSegments(file)) {
    if (seg.srcPort !== serverPort && seg.dstPort !== serverPort) continue;
    const side: MessageSide = seg.srcPort === serverPort ? 'response' : 'request';
    let entry = byStream.get(seg.stream);
    if (!entry) {
      const clientPort = side === 'request' ? seg.srcPort : seg.dstPort;
      entry = {
        conv: { stream: seg.stream, clientPort, events: [], lastTimeNs: 0n },
        next: new Map(),
      };
      byStream.set(seg.stream, entry);
    }
    (entry.conv as { lastTimeNs: bigint }).lastTimeNs = seg.timeNs;
    if (seg.payload.length === 0) continue;
    const expected = entry.next.get(side) ?? seg.seq;
    const end = seg.seq + seg.payload.length;
    if (end <= expected) continue; // retransmission
    if (seg.seq > expected) {
      entry.conv.events.push({ kind: 'gap', side, length: seg.seq - expected, timeNs: seg.timeNs });
    }
    const data = seg.seq < expected ? seg.payload.subarray(expected - seg.seq) : seg.payload;
    entry.conv.events.push({ kind: 'data', side, data, timeNs: seg.timeNs });
    entry.next.set(side, end);
  }
  return [...byStream.values()].map((e) => e.conv);
}

/** Feeds one conversation into a parser connection and returns what it emitted. */
export function replay(conn: ProtocolConnection, conv: TcpConversation): ProtocolRecord[] {
  for (const ev of conv.events) {
    if (ev.kind === 'data') conn.onData(ev.side, ev.data, ev.timeNs);
    else conn.onGap(ev.side, ev.length, ev.timeNs);
  }
  conn.onClose(conv.lastTimeNs);
  const out: ProtocolRecord[] = [];
  conn.drain(out);
  return out;
}
