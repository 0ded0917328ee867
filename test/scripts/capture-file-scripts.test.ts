/**
 * The edge, route and flow scripts run on the public capture corpus through the built CLI, with
 * tshark's expectations (test/fixtures/pcaps/*.expected.json) and tshark itself as the oracle.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runPx } from '../support/px-cli.js';
import { tcpConversations } from '../sql/tshark-tcp.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'pcaps');
const DOCKER = join(FIXTURES, 'zeek', 'http-docker-upgrade.pcap');
const NOT_FOUND = join(FIXTURES, 'zeek', 'http-404-non-printable-uris.pcap');

interface Expected {
  readonly connections: readonly { stream: number; client: string; server: string }[];
  readonly records: readonly {
    stream: number;
    method: string;
    uri: string;
    response?: { status: number };
  }[];
  readonly summary: { readonly unpaired_requests?: readonly number[] };
}

type Row = Record<string, unknown>;

function expectedOf(pcap: string): Expected {
  return JSON.parse(readFileSync(pcap.replace(/\.pcap$/, '.expected.json'), 'utf8')) as Expected;
}

/** The rows of one bundled script run on a capture, as JSON objects. */
function runScript(name: string, pcap: string, args: readonly string[] = []): Row[] {
  const result = runPx(['run', name, '--pcap', pcap, '-o', 'json', '--', ...args]);
  expect(result.stderr).not.toContain('error');
  expect(result.status).toBe(0);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row);
}

/** HTTP captures in which tshark paired every request with its response. */
function pairedHttpCaptures(): string[] {
  return ['zeek', 'deepflow', 'suricata-verify']
    .flatMap((dir) =>
      readdirSync(join(FIXTURES, dir))
        .filter((f) => f.startsWith('http-') && f.endsWith('.pcap'))
        .map((f) => join(FIXTURES, dir, f)),
    )
    .filter((pcap) => (expectedOf(pcap).summary.unpaired_requests ?? []).length === 0)
    .sort();
}

/** tshark's edges: requests and failures per (client address, server endpoint). */
function tsharkEdges(pcap: string): Map<string, { requests: number; failures: number }> {
  const { connections, records } = expectedOf(pcap);
  const edges = new Map<string, { requests: number; failures: number }>();
  for (const record of records) {
    const conn = connections.find((c) => c.stream === record.stream);
    if (conn === undefined) continue;
    const key = `${conn.client.replace(/:\d+$/, '')} -> ${conn.server}`;
    const edge = edges.get(key) ?? { requests: 0, failures: 0 };
    edge.requests++;
    if ((record.response?.status ?? 0) >= 400) edge.failures++;
    edges.set(key, edge);
  }
  return edges;
}

describe('px script list', () => {
  it('lists the new scripts with their summaries', () => {
    const result = runPx(['script', 'list', '-o', 'json']);
    expect(result.status).toBe(0);
    const rows = result.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Row);
    const names = rows.map((r) => r['name']);
    for (const name of [
      'px/service_map',
      'px/service_edge_stats',
      'px/http_request_stats',
      'px/net_flow',
    ]) {
      expect(names).toContain(name);
    }
    const map = rows.find((r) => r['name'] === 'px/service_map');
    expect(JSON.stringify(map)).toContain('Service map');
  });
});

describe('px/service_map on captures', () => {
  const captures = pairedHttpCaptures();

  it('covers the HTTP corpus', () => {
    expect(captures.length).toBeGreaterThanOrEqual(9);
  });

  it.each(captures.map((pcap) => [pcap.slice(FIXTURES.length + 1), pcap]))(
    '%s: one edge per client address and server, counting what tshark counts',
    (_name, pcap) => {
      const rows = runScript('px/service_map', pcap);
      expect(rows.every((r) => r['_tableName_'] === 'Service map')).toBe(true);
      const edges = new Map(
        rows.map((r) => [
          `${String(r['requestor'])} -> ${String(r['responder'])}`,
          {
            requests: r['requests'],
            failures: Math.round(Number(r['requests']) * Number(r['error_rate'])),
          },
        ]),
      );
      expect(edges).toEqual(tsharkEdges(pcap));
    },
  );

  it('gives throughput, latency quantiles and the service filter', () => {
    const [edge] = runScript('px/service_map', DOCKER);
    // Six requests over the 31.2 s between the first and the last response.
    expect(Number(edge?.['throughput']) * 1e9).toBeCloseTo(6 / 31.218, 2);
    // Latencies 0.48 ms, 0.54 ms, 1.29 ms | 278 ms, 631 ms, 30.9 s (the /wait long-poll).
    expect(Number(edge?.['p50'])).toBeGreaterThan(1.28e6);
    expect(Number(edge?.['p50'])).toBeLessThan(278.5e6);
    expect(Number(edge?.['p99'])).toBeGreaterThan(631e6);
    expect(Number(edge?.['p99'])).toBeLessThan(31e9);
    expect(runScript('px/service_map', DOCKER, ['--service=122.1'])).toHaveLength(1);
    expect(runScript('px/service_map', DOCKER, ['--service=:2375'])).toHaveLength(1);
    expect(runScript('px/service_map', DOCKER, ['--service=nowhere'])).toEqual([]);
  });
});

describe('route collapsing on the Docker API capture', () => {
  const routes = [
    ['HEAD', '/_ping'],
    ['POST', '/v1.41/containers/create'],
    ['POST', '/v1.41/containers/*/attach'],
    ['POST', '/v1.41/containers/*/start'],
    ['POST', '/v1.41/containers/*/resize'],
    ['POST', '/v1.41/containers/*/wait'],
  ];

  it('tshark sees six requests, four naming one 64-hex container id, some with queries', () => {
    const uris = expectedOf(DOCKER).records.map((r) => r.uri);
    expect(uris).toHaveLength(6);
    expect(uris.filter((u) => /\/containers\/[0-9a-f]{64}\//.test(u))).toHaveLength(4);
    expect(uris.filter((u) => u.includes('?'))).toHaveLength(3);
  });

  it('px/http_request_stats: one row per method and route', () => {
    const rows = runScript('px/http_request_stats', DOCKER);
    expect(rows.map((r) => [r['req_method'], r['route']]).sort()).toEqual([...routes].sort());
    expect(rows.every((r) => r['service'] === '192.168.122.87:2375')).toBe(true);
    expect(rows.every((r) => r['requests'] === 1 && r['error_rate'] === 0)).toBe(true);
    const wait = rows.find((r) => r['route'] === '/v1.41/containers/*/wait');
    expect(Number(wait?.['p50'])).toBeGreaterThan(30e9);
  });

  it('px/http_request_stats: groups same-route requests and sorts by requests', () => {
    const rows = runScript('px/http_request_stats', NOT_FOUND);
    // Four different 404 paths, none an identifier: four routes, each failing.
    expect(rows.map((r) => r['route']).sort()).toEqual(
      expectedOf(NOT_FOUND)
        .records.map((r) => r.uri)
        .sort(),
    );
    expect(rows.every((r) => r['error_rate'] === 1)).toBe(true);
    const filtered = runScript('px/http_request_stats', DOCKER, ['--route=containers/*/']);
    expect(filtered).toHaveLength(4);
  });

  it('px/slow_endpoints groups by route, slowest first', () => {
    const rows = runScript('px/slow_endpoints', DOCKER);
    expect(rows.map((r) => r['req_path'])).toEqual([
      '/v1.41/containers/*/wait',
      '/v1.41/containers/*/start',
      '/v1.41/containers/create',
      '/v1.41/containers/*/resize',
      '/_ping',
      '/v1.41/containers/*/attach',
    ]);
  });
});

describe('px/service_edge_stats on captures', () => {
  it('splits the Docker edge into 10 s windows that add up to the requests', () => {
    const rows = runScript('px/service_edge_stats', DOCKER);
    expect(rows.map((r) => [r['time_'], r['requests']])).toEqual([
      ['2024-11-26T18:48:20Z', 5],
      ['2024-11-26T18:48:50Z', 1],
    ]);
    expect(rows.every((r) => r['edge'] === '192.168.122.1 -> 192.168.122.87:2375')).toBe(true);
    expect(rows.map((r) => Number(r['throughput']) * 1e9)).toEqual([0.5, 0.1]);
  });

  it('filters by requesting and responding service', () => {
    const both = ['--requesting_svc=192.168.122.1', '--responding_svc=192.168.122.87'];
    expect(runScript('px/service_edge_stats', DOCKER, both)).toHaveLength(2);
    expect(runScript('px/service_edge_stats', DOCKER, ['--requesting_svc=10.0.0.1'])).toEqual([]);
    expect(runScript('px/service_edge_stats', DOCKER, ['--responding_svc=:80'])).toEqual([]);
    const failing = runScript('px/service_edge_stats', NOT_FOUND);
    expect(failing.reduce((n, r) => n + Number(r['requests']), 0)).toBe(4);
    expect(failing.every((r) => r['error_rate'] === 1)).toBe(true);
  });
});

describe('px/net_flow on captures', () => {
  it.each([
    ['http-404-non-printable-uris', NOT_FOUND, 80, '172.24.0.2'],
    ['http-docker-upgrade', DOCKER, 2375, '192.168.122.1'],
  ])('%s: bytes each way and connections agree with tshark', (_name, pcap, port, client) => {
    const conversations = tcpConversations(pcap, port);
    const bytes = (side: 'request' | 'response'): number =>
      conversations
        .flatMap((c) => c.events)
        .reduce((n, e) => n + (e.kind === 'data' && e.side === side ? e.data.length : 0), 0);
    const rows = runScript('px/net_flow', pcap);
    expect(rows).toEqual([
      expect.objectContaining({
        _tableName_: 'Net flow',
        process: '',
        role: 'server',
        peer: client,
        conns: conversations.length,
        bytes_sent: bytes('response'),
        bytes_recv: bytes('request'),
      }),
    ]);
    // One conn_stats sample at the end of the capture: rates over one 10 s sampling period.
    expect(Number(rows[0]?.['sent_per_s']) * 1e9).toBeCloseTo(bytes('response') / 10, 6);
    expect(Number(rows[0]?.['recv_per_s']) * 1e9).toBeCloseTo(bytes('request') / 10, 6);
  });

  it('reads counters of MySQL connections too, and filters by process', () => {
    const pcap = join(FIXTURES, 'deepflow', 'mysql-statement.pcap');
    const rows = runScript('px/net_flow', pcap);
    expect(rows.map((r) => r['peer'])).toEqual(['172.20.105.208']);
    expect(Number(rows[0]?.['bytes_sent'])).toBeGreaterThan(Number(rows[0]?.['bytes_recv']));
    expect(runScript('px/net_flow', pcap, ['--process=nothing'])).toEqual([]);
  });
});
