// The parsers are I/O-free; this test reads the public fixture captures with tshark.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MessageSide, ProtocolRecord } from '../common/types.js';
import { DnsDatagramStitcher } from './datagram-stitcher.js';
import { typeName } from './record-types.js';
import { DnsTcpConnection } from './tcp-connection.js';

/**
 * DNS records from the public captures in test/fixtures/pcaps agree with tshark's view in
 * the *.expected.json files: every query tshark links to a response becomes one row with the
 * same transaction id, question, rcode and answers. UDP and TCP payloads come from tshark
 * (`-T fields`); a missing tshark fails the test.
 */
const FIXTURES = new URL('../../../../test/fixtures/pcaps/', import.meta.url);

interface ExpectedMessage {
  readonly transport: 'UDP' | 'TCP';
  readonly id: string;
  readonly qr: 'query' | 'response';
  readonly queries: readonly { name: string; type: number }[];
  readonly rcode?: number;
  readonly answers?: readonly string[];
  readonly response_to?: number;
  readonly response_in?: number;
}

interface Expectation {
  readonly file: string;
  readonly connections: readonly { transport: string; stream: number; server: string }[];
  readonly records: readonly ExpectedMessage[];
  readonly summary: {
    readonly unanswered_query_frames: readonly number[];
    readonly responses_without_query_frames: readonly number[];
  };
}

interface Packet {
  readonly timeNs: bigint;
  readonly stream: number;
  readonly source: string;
  readonly destination: string;
  readonly seq: number;
  readonly payload: Buffer;
}

function tsharkPackets(path: string, transport: 'udp' | 'tcp'): Packet[] {
  const filter = transport === 'udp' ? 'udp.length > 8' : 'tcp.len > 0';
  const fields = [
    'frame.time_epoch',
    `${transport}.stream`,
    'ip.src',
    `${transport}.srcport`,
    'ip.dst',
    `${transport}.dstport`,
    transport === 'tcp' ? 'tcp.seq' : 'udp.length',
    `${transport}.payload`,
  ];
  const output = execFileSync(
    'tshark',
    ['-r', path, '-Y', filter, '-T', 'fields', '-E', 'separator=,'].concat(
      fields.flatMap((f) => ['-e', f]),
    ),
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [
        time = '',
        stream = '',
        srcIp = '',
        srcPort = '',
        dstIp = '',
        dstPort = '',
        seq = '',
        hex = '',
      ] = line.split(',');
      const [seconds = '0', fraction = ''] = time.split('.');
      return {
        timeNs: BigInt(seconds) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9)),
        stream: Number(stream),
        source: `${srcIp}:${srcPort}`,
        destination: `${dstIp}:${dstPort}`,
        seq: Number(seq),
        payload: Buffer.from(hex, 'hex'),
      };
    });
}

/** Runs a capture's UDP datagrams through one stitcher and its TCP streams through connections. */
function parseCapture(path: string, expectation: Expectation) {
  const records: ProtocolRecord[] = [];
  const stitcher = new DnsDatagramStitcher();
  let lastTime = 0n;
  for (const packet of tsharkPackets(path, 'udp')) {
    const peer = [packet.source, packet.destination].sort().join('|');
    stitcher.expire(packet.timeNs);
    stitcher.onDatagram(packet.payload, packet.timeNs, peer);
    lastTime = packet.timeNs;
  }
  stitcher.flush(lastTime);
  stitcher.drain(records);

  const servers = new Map(
    expectation.connections.filter((c) => c.transport === 'TCP').map((c) => [c.stream, c.server]),
  );
  const connections = new Map<number, DnsTcpConnection>();
  const nextSeq = new Map<string, number>();
  for (const packet of tsharkPackets(path, 'tcp')) {
    const side: MessageSide = servers.get(packet.stream) === packet.source ? 'response' : 'request';
    const conn =
      connections.get(packet.stream) ??
      new DnsTcpConnection({ maxBodyBytes: 4096, maxBufferBytes: 1024 * 1024 });
    connections.set(packet.stream, conn);
    const key = `${packet.stream}/${side}`;
    const expected = nextSeq.get(key) ?? packet.seq;
    if (packet.seq + packet.payload.length <= expected) continue; // retransmission
    if (packet.seq > expected) conn.onGap(side, packet.seq - expected, packet.timeNs);
    conn.onData(side, packet.payload.subarray(Math.max(0, expected - packet.seq)), packet.timeNs);
    nextSeq.set(key, packet.seq + packet.payload.length);
    lastTime = packet.timeNs;
  }
  for (const conn of connections.values()) {
    conn.onClose(lastTime);
    conn.drain(records);
  }
  const stats = [stitcher.stats, ...[...connections.values()].map((c) => c.stats)];
  return { records, stats };
}

/** tshark's answer summary, e.g. "a.b: type A, class IN, addr 1.2.3.4", as px's JSON object. */
function answerFromTshark(summary: string): Record<string, string> {
  const [name = '', rest = ''] = summary.split(': ', 2);
  const [typePart = '', , ...data] = rest.split(', ');
  const type = typePart.replace(/^type /, '');
  const answer: Record<string, string> = { name, type };
  const value = data.join(', ');
  if (type === 'A' || type === 'AAAA') answer['addr'] = value.replace(/^addr /, '');
  else if (type === 'CNAME') answer['cname'] = value.replace(/^cname /, '');
  else if (type === 'PTR') answer['data'] = value;
  else if (type === 'MX') answer['data'] = value.replace(/^preference (\d+), mx /, '$1 ');
  return answer;
}

function captureFiles(): { path: string; expectation: Expectation }[] {
  return readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((name) => /(^|\/)dns-[^/]*\.pcap$/.test(name))
    .sort()
    .map((name) => {
      const path = new URL(name, FIXTURES).pathname;
      const json = readFileSync(path.replace(/\.pcap$/, '.expected.json'), 'utf8');
      return { path, expectation: JSON.parse(json) as Expectation };
    });
}

interface Row {
  txid: number;
  queries: { name: string; type: string }[];
  rcode: number | null;
  answers: Record<string, string>[] | null;
}

function rowOf(record: ProtocolRecord): Row {
  const header = JSON.parse(String(record.values['req_header'])) as { txid: number };
  const { queries } = JSON.parse(String(record.values['req_body'])) as Row;
  const resp = String(record.values['resp_header']);
  if (resp === '') return { txid: header.txid, queries, rcode: null, answers: null };
  const { rcode } = JSON.parse(resp) as { rcode: number };
  const { answers } = JSON.parse(String(record.values['resp_body'])) as Row;
  return { txid: header.txid, queries, rcode, answers };
}

describe('DNS parser against the public captures', () => {
  const files = captureFiles();

  it('finds the DNS captures', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files.map((f) => [f.expectation.file, f] as const))(
    '%s',
    (_name, { path, expectation }) => {
      const { records, stats } = parseCapture(path, expectation);
      const messages = expectation.records;
      const answered = messages
        .filter((m) => m.qr === 'response' && m.response_to !== undefined)
        .map((response) => ({
          txid: parseInt(response.id, 16),
          queries: response.queries.map((q) => ({ name: q.name, type: typeName(q.type) })),
          rcode: response.rcode ?? 0,
          answers: (response.answers ?? []).map(answerFromTshark),
        }));
      const rows = records.map(rowOf);
      const ourAnswered = rows.filter((row) => row.rcode !== null);
      // Other answer types (RRSIG, ...) carry only name and type: compare those fields.
      const comparable = ourAnswered.map((row) => ({
        ...row,
        answers: row.answers?.map((a) =>
          ['A', 'AAAA', 'CNAME', 'PTR', 'MX'].includes(a['type'] ?? '')
            ? a
            : { name: a['name'], type: a['type'] },
        ),
      }));
      expect(comparable).toEqual(answered);

      const unanswered = rows.filter((row) => row.rcode === null);
      expect(unanswered).toHaveLength(expectation.summary.unanswered_query_frames.length);
      const unmatched = stats.reduce((sum, s) => sum + s.unmatched, 0);
      expect(unmatched).toBe(expectation.summary.responses_without_query_frames.length);
      for (const s of stats) expect(s).toMatchObject({ invalidBytes: 0, invalidFrames: 0 });
    },
  );
});
