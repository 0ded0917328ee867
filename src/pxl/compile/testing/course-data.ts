import type { Store } from '../../../store/index.js';
import { StaticMetadata } from '../../metadata.js';
import { appendRows, smallStore } from './rows.js';

/**
 * A known data set for the course scripts: a node running nginx, an API (in a container), a
 * payments service, PostgreSQL and dnsmasq, plus rows read from a capture file (upid 0) and
 * rows of a process that has exited. Values are pseudo-random but fixed by the seed.
 */
export const NOW = 1_750_000_000_000_000_000n;

export const upidOf = (pid: number): bigint => (BigInt(pid) << 64n) | BigInt(pid * 7 + 11);

export const PIDS = {
  nginx: 1000,
  api: 2000,
  payments: 3000,
  postgres: 4000,
  dnsmasq: 6000,
  exited: 5000,
};

export type HttpRow = {
  readonly time_: bigint;
  readonly upid: bigint;
  readonly remote_addr: string;
  readonly remote_port: number;
  readonly local_addr: string;
  readonly local_port: number;
  readonly trace_role: number;
  readonly req_method: string;
  readonly req_path: string;
  readonly req_body: string;
  readonly resp_status: number;
  readonly resp_body: string;
  readonly resp_body_size: number;
  readonly latency: number;
};

export type PgRow = {
  readonly time_: bigint;
  readonly upid: bigint;
  readonly local_addr: string;
  readonly local_port: number;
  readonly trace_role: number;
  readonly req_cmd: string;
  readonly req: string;
  readonly resp: string;
  readonly latency: number;
};

export type DnsRow = {
  readonly time_: bigint;
  readonly upid: bigint;
  readonly remote_addr: string;
  readonly remote_port: number;
  readonly local_addr: string;
  readonly local_port: number;
  readonly trace_role: number;
  readonly req_body: string;
  readonly resp_header: string;
  readonly latency: number;
};

export interface CourseData {
  readonly store: Store;
  readonly metadata: StaticMetadata;
  readonly http: readonly HttpRow[];
  readonly pgsql: readonly PgRow[];
  readonly dns: readonly DnsRow[];
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pick = <T>(r: () => number, items: readonly T[]): T =>
  items[Math.floor(r() * items.length)] as T;

/** 60% of rows in the last 5 minutes, 25% up to an hour back, the rest up to 70 minutes. */
function recentTime(r: () => number): bigint {
  const u = r();
  const minutes =
    u < 0.6
      ? (u / 0.6) * 5
      : u < 0.85
        ? 5 + ((u - 0.6) / 0.25) * 55
        : 60 + ((u - 0.85) / 0.15) * 10;
  return NOW - BigInt(Math.floor(minutes * 60e9)) - 1n;
}

/** What serves each path, and the upid (0: a capture file) it is traced in. */
const SERVERS = [
  {
    pid: PIDS.nginx,
    paths: ['/', '/healthz'],
    methods: ['GET'],
    local: ['10.0.0.10', 80],
    weight: 3,
  },
  {
    pid: PIDS.api,
    paths: ['/api/users/123', '/api/users/456'],
    methods: ['GET', 'GET', 'POST'],
    local: ['10.0.0.11', 8080],
    weight: 4,
  },
  {
    pid: PIDS.payments,
    paths: ['/payments/charge', '/payments/refund'],
    methods: ['POST'],
    local: ['10.0.0.31', 9000],
    weight: 3,
  },
  {
    pid: 0,
    paths: ['/payments/charge', '/index.html'],
    methods: ['GET'],
    local: ['192.168.1.10', 80],
    weight: 1,
  },
  {
    pid: PIDS.exited,
    paths: ['/api/users/123'],
    methods: ['GET'],
    local: ['10.0.0.12', 8081],
    weight: 1,
  },
] as const;

function httpRows(r: () => number, count: number): HttpRow[] {
  const weighted = SERVERS.flatMap((s) => Array<(typeof SERVERS)[number]>(s.weight).fill(s));
  return Array.from({ length: count }, (_, i): HttpRow => {
    const clientSide = i % 9 === 4;
    const server = clientSide ? (SERVERS[1] as (typeof SERVERS)[number]) : pick(r, weighted);
    const status = pick(r, [200, 200, 200, 201, 404, 500, 503]);
    const path = pick(r, server.paths);
    const row = {
      time_: recentTime(r),
      req_method: pick(r, server.methods),
      req_path: path,
      req_body: path.startsWith('/payments') ? `{"amount":${i}}` : '',
      resp_status: status,
      resp_body: status >= 400 ? '{"error":"failed"}' : '{"ok":true}',
      resp_body_size: status >= 400 ? 18 : 11 + (i % 50),
      latency: Math.floor(Math.exp(11 + r() * 10)),
    };
    if (clientSide) {
      // The API calling payments (a known listener) or an outside service.
      const [addr, port] = i % 2 === 0 ? ['10.0.0.31', 9000] : ['10.0.0.30', 8443];
      return {
        ...row,
        upid: upidOf(PIDS.api),
        remote_addr: addr,
        remote_port: port,
        local_addr: '10.0.0.11',
        local_port: 40000 + i,
        trace_role: 1,
      };
    }
    return {
      ...row,
      upid: server.pid === 0 ? 0n : upidOf(server.pid),
      remote_addr: pick(r, ['10.0.0.2', '10.0.0.11', '172.16.0.9', '10.0.0.30']),
      remote_port: 30000 + Math.floor(r() * 1000),
      local_addr: server.local[0],
      local_port: server.local[1],
      trace_role: 2,
    };
  });
}

const QUERIES = [
  'SELECT * FROM users WHERE id = $1',
  'INSERT INTO payments VALUES ($1, $2)',
  'SELECT count(*) FROM orders',
  'UPDATE users SET seen = now()',
];

function pgRows(r: () => number, count: number): PgRow[] {
  return Array.from({ length: count }, (_, i): PgRow => {
    const capture = i % 6 === 5;
    const query = pick(r, QUERIES);
    return {
      time_: NOW - BigInt(Math.floor(r() * 12 * 60e9)) - 1n,
      upid: capture ? 0n : upidOf(PIDS.postgres),
      local_addr: capture ? '10.9.9.9' : '10.0.0.20',
      local_port: 5432,
      trace_role: 2,
      req_cmd: 'Query',
      req: query,
      resp: r() < 0.1 ? 'ERROR RESPONSE [severity=ERROR]' : 'SELECT 1',
      latency: Math.floor(Math.exp(13 + r() * 7.5) * (query.startsWith('UPDATE') ? 3 : 1)),
    };
  });
}

function dnsRows(r: () => number, count: number): DnsRow[] {
  return Array.from({ length: count }, (_, i): DnsRow => {
    const server = i % 5 === 0;
    const pid = server
      ? PIDS.dnsmasq
      : pick(r, [PIDS.api, PIDS.payments, PIDS.payments, PIDS.nginx]);
    const name = pick(r, ['db.internal', 'fraud.internal', 'api.example.com']);
    const rcode = pick(r, [0, 0, 0, 3, 2]);
    return {
      time_: NOW - BigInt(Math.floor(r() * 70 * 60e9)) - 1n,
      upid: upidOf(pid),
      remote_addr: server ? '10.0.0.2' : '127.0.0.53',
      remote_port: server ? 50000 + i : 53,
      local_addr: server ? '127.0.0.53' : '10.0.0.11',
      local_port: server ? 53 : 50000 + i,
      trace_role: server ? 2 : 1,
      req_body: JSON.stringify({ queries: [{ name, type: 'A' }] }),
      resp_header: JSON.stringify({ txid: i, qr: 1, rcode, num_answers: rcode === 0 ? 1 : 0 }),
      latency: Math.floor(Math.exp(12 + r() * 9)),
    };
  });
}

export const COURSE_METADATA = new StaticMetadata({
  hostname: 'node-1',
  processes: [
    { upid: upidOf(PIDS.nginx), pid: PIDS.nginx, comm: 'nginx', cmdline: 'nginx: master process' },
    {
      upid: upidOf(PIDS.api),
      pid: PIDS.api,
      comm: 'api',
      cmdline: '/srv/api --port 8080',
      container: 'api-7f9c',
    },
    { upid: upidOf(PIDS.payments), pid: PIDS.payments, comm: 'payments', cmdline: '/srv/payments' },
    {
      upid: upidOf(PIDS.postgres),
      pid: PIDS.postgres,
      comm: 'postgres',
      cmdline: 'postgres -D /var/lib/pg',
    },
    { upid: upidOf(PIDS.dnsmasq), pid: PIDS.dnsmasq, comm: 'dnsmasq', cmdline: 'dnsmasq -k' },
  ],
  endpoints: [
    { addr: '10.0.0.31', port: 9000, service: 'host/payments' },
    { addr: '127.0.0.53', port: 53, service: 'host/dnsmasq' },
  ],
  pods: [
    {
      id: 'pod-api',
      name: 'host/api-7f9c',
      namespace: 'host',
      service: 'host/api',
      ips: ['10.0.0.11'],
    },
  ],
  names: [{ addr: '10.0.0.30', name: 'partner.example.com' }],
});

export function courseData(seed = 42): CourseData {
  const r = random(seed);
  const http = httpRows(r, 420);
  const pgsql = pgRows(r, 90);
  const dns = dnsRows(r, 120);
  const store = smallStore(NOW);
  appendRows(store, 'http_events', http);
  appendRows(store, 'pgsql_events', pgsql);
  appendRows(store, 'dns_events', dns);
  return { store, metadata: COURSE_METADATA, http, pgsql, dns };
}
