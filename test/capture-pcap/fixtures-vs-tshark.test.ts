/**
 * Every capture of the public corpus (test/fixtures/pcaps) read by px and checked against
 * tshark: frame count, packets per connection (the *.expected.json files), which side is the
 * server, and each connection's reassembled bytes per direction, holes included
 * (`tshark -z follow`, run here as an independent oracle; a missing tshark fails the test).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCaptureBytes } from '../../src/collector/capture/pcap/capture-file.js';
import { emptyCaptureStats } from '../../src/collector/capture/pcap/capture-stats.js';
import { flowKey } from '../../src/collector/capture/pcap/flow-key.js';
import { FrameReader } from '../../src/collector/capture/pcap/frame-reader.js';
import { decodePacket } from '../../src/collector/capture/pcap/packet-decoder.js';
import type { Endpoint } from '../../src/collector/stream/types.js';
import { collect, runs } from './stream-collect.js';
import type { CollectedConnection } from './stream-collect.js';
import { tsharkView } from './tshark-oracle.js';
import type { FollowedStream } from './tshark-oracle.js';

const ROOT = 'test/fixtures/pcaps';

/**
 * Captures where tshark and px number stream bytes differently, decided by reading the packets
 * (`tshark -r F -T fields -e tcp.stream -e tcp.seq_raw -e tcp.ack_raw -e tcp.len`):
 * mysql-statement.pcap starts mid-connection with the client's TCP keep-alive probes, ACKs whose
 * sequence number is SND.NXT - 1 by design. tshark takes that as the stream start and reports
 * "1 bytes missing" before the first data; px starts at the first data byte (no byte is really
 * missing: the peer's ACK of the probe acknowledges exactly the first data byte's sequence).
 * So tshark's client -> server offsets are one higher there; the bytes are identical.
 */
const TSHARK_CLIENT_OFFSET_SHIFT: Record<string, number> = {
  'deepflow/mysql-statement.pcap': 1,
};

interface ExpectedConnection {
  readonly transport: 'TCP' | 'UDP';
  readonly stream: number;
  readonly client: string;
  readonly server: string;
  readonly packets: number;
}

const captures = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => join(ROOT, d.name, f)))
  .filter((f) => /\.pcap(ng)?$/.test(f))
  .sort();

function endpoint(text: string): Endpoint {
  const colon = text.lastIndexOf(':');
  return {
    addr: text.slice(0, colon).replace(/^\[|\]$/g, ''),
    port: Number(text.slice(colon + 1)),
  };
}

const show = (e: Endpoint) => `${e.addr}:${e.port}`;

/** Packets per flow as px decodes them, to compare with tshark's per-stream counts. */
function packetsPerFlow(bytes: Uint8Array): Map<string, number> {
  const stats = emptyCaptureStats();
  const reader = new FrameReader(stats);
  reader.push(bytes);
  const counts = new Map<string, number>();
  for (const frame of reader.frames()) {
    const packet = decodePacket(frame, stats);
    if (packet === undefined) continue;
    const key = `${packet.transport} ${flowKey(packet.src, packet.dst)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

function expectSameBytes(
  mine: CollectedConnection | undefined,
  theirs: FollowedStream,
  server: string,
  clientShift: number,
): void {
  const tsharkRuns = (toServer: boolean) =>
    theirs.runs
      .filter((r) => (r.from !== server) === toServer)
      .map((r) => [r.offset - (toServer ? clientShift : 0), r.hex]);
  const myRuns = (chunks: CollectedConnection['chunks']['ingress']) =>
    runs(chunks).map((r) => [r.offset, Buffer.from(r.data).toString('hex')]);
  expect(myRuns(mine?.chunks.ingress ?? []), 'client -> server').toEqual(tsharkRuns(true));
  expect(myRuns(mine?.chunks.egress ?? []), 'server -> client').toEqual(tsharkRuns(false));
}

function expectedOf(file: string): { connections: ExpectedConnection[] } {
  const json = readFileSync(file.replace(/\.pcap(ng)?$/, '.expected.json'), 'utf8');
  return JSON.parse(json) as { connections: ExpectedConnection[] };
}

describe('the public capture corpus agrees with tshark', () => {
  it('has captures to check', () => {
    expect(captures.length).toBeGreaterThanOrEqual(39);
  });

  it.each(captures)('%s', async (file) => {
    const expected = expectedOf(file);
    const bytes = readFileSync(file);
    const { events, stats } = decodeCaptureBytes(bytes);
    const oracle = await tsharkView(
      file,
      expected.connections.map((c) => `${c.transport.toLowerCase()}:${c.stream}`),
    );

    expect(stats.formatError).toBeUndefined();
    expect(stats.malformed).toBe(0);
    expect(stats.frames).toBe(oracle.frames);

    const perFlow = packetsPerFlow(bytes);
    const expectedPerFlow = new Map<string, number>();
    for (const c of expected.connections) {
      const key = `${c.transport.toLowerCase()} ${flowKey(endpoint(c.client), endpoint(c.server))}`;
      expectedPerFlow.set(key, (expectedPerFlow.get(key) ?? 0) + c.packets);
    }
    expect(perFlow).toEqual(expectedPerFlow);

    const { connections, datagrams, violations } = collect(events);
    expect(violations).toEqual([]);
    // px's connections in open order, matched to tshark's streams of the same endpoints in order
    const unmatched = [...connections];
    for (const c of expected.connections) {
      const followed = oracle.streams.get(`${c.transport.toLowerCase()}:${c.stream}`);
      expect(followed, `tshark followed ${c.transport} stream ${c.stream}`).toBeDefined();
      if (followed === undefined) continue;
      if (c.transport === 'UDP') {
        const mine = datagrams.filter(
          (d) => flowKey(d.local, d.remote) === flowKey(endpoint(c.client), endpoint(c.server)),
        );
        expect(
          mine.map((d) => [
            show(d.direction === 'ingress' ? d.remote : d.local),
            Buffer.from(d.data).toString('hex'),
          ]),
        ).toEqual(followed.runs.map((r) => [r.from, r.hex]));
        expect(new Set(mine.map((d) => show(d.local)))).toEqual(new Set([c.server]));
        continue;
      }
      const index = unmatched.findIndex(
        (m) =>
          flowKey(m.open.local, m.open.remote) === flowKey(endpoint(c.client), endpoint(c.server)),
      );
      if (followed.runs.length === 0 && index === -1) continue; // no payload: nothing to open
      const mine = unmatched.splice(index, 1)[0];
      expect(mine, `px connection for tshark stream ${c.stream}`).toBeDefined();
      expect([
        show(mine?.open.remote ?? endpoint(':0')),
        show(mine?.open.local ?? endpoint(':0')),
      ]).toEqual([c.client, c.server]);
      expectSameBytes(
        mine,
        followed,
        c.server,
        TSHARK_CLIENT_OFFSET_SHIFT[file.slice(ROOT.length + 1)] ?? 0,
      );
    }
    expect(unmatched.map((m) => show(m.open.remote))).toEqual([]);
  });
});
