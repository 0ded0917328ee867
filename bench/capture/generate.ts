/**
 * Makes (once) the benchmark's capture: real nginx loaded by wrk, real PostgreSQL loaded by
 * pgbench, and a DNS loop against dnsmasq, all recorded together by tcpdump on loopback until
 * the file passes TARGET_BYTES. The file and a description of it are cached in bench/out/.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDnsLoad } from './dns-load.js';
import { MEDIUM_EVERY, pgbench, ROUND_SECONDS, wrk, writeWrkScript } from './load.js';
import { sleep, type Daemon } from './processes.js';
import {
  DNS_ZONE,
  MEDIUM_BODY_BYTES,
  SMALL_BODY_BYTES,
  startDnsmasq,
  startNginx,
  startPostgres,
  startTcpdump,
  tcpdumpDrops,
  type Server,
} from './servers.js';

/** Bumped whenever the recipe changes, so an old cached file is made again. */
const RECIPE = 1;
const TARGET_BYTES = 100 * 1024 * 1024;
const MAX_ROUNDS = 15;
const DNS_QUERIES_PER_ROUND = 30_000;
const CATCH_UP_MS = 1500;

export interface CaptureInfo {
  readonly recipe: number;
  readonly file: string;
  readonly bytes: number;
  readonly ports: { readonly http: number; readonly pgsql: number; readonly dns: number };
  readonly createdAt: string;
  readonly droppedByKernel: number;
  readonly load: {
    httpRequests: number;
    pgbenchTransactions: number;
    dnsQueries: number;
    dnsUnanswered: number;
  };
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root');
    dir = parent;
  }
  return dir;
}

function cached(metaFile: string): CaptureInfo | null {
  if (!existsSync(metaFile)) return null;
  const info = JSON.parse(readFileSync(metaFile, 'utf8')) as CaptureInfo;
  if (info.recipe !== RECIPE || !existsSync(info.file)) return null;
  return statSync(info.file).size === info.bytes ? info : null;
}

/** The cached capture, or a new one made now (several seconds, with progress lines). */
export async function ensureCapture(): Promise<CaptureInfo> {
  const outDir = join(repoRoot(), 'bench', 'out');
  const metaFile = join(outDir, 'capture-mix.json');
  const existing = cached(metaFile);
  if (existing !== null) return existing;
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, 'capture-mix.pcap');
  const info = await record(`${file}.partial`);
  renameSync(`${file}.partial`, file);
  const done: CaptureInfo = { ...info, file };
  writeFileSync(metaFile, `${JSON.stringify(done, null, 2)}\n`);
  return done;
}

interface Servers {
  readonly nginx: Server;
  readonly pg: Server;
  readonly dns: Server;
}

async function record(file: string): Promise<CaptureInfo> {
  const dir = mkdtempSync(join(tmpdir(), 'px-bench-capture-'));
  chmodSync(dir, 0o755); // nginx's worker and postgres run as other users
  const started: Daemon[] = [];
  try {
    console.log('   generating the capture: starting nginx, PostgreSQL (pgbench -i), dnsmasq');
    const nginx = await startNginx(dir);
    started.push(nginx.daemon);
    const pg = await startPostgres(dir);
    started.push(pg.daemon);
    const dns = await startDnsmasq();
    started.push(dns.daemon);
    const tcpdump = await startTcpdump(file, [nginx.port, pg.port, dns.port]);
    started.push(tcpdump);
    const load = await loadUntilBig({ nginx, pg, dns }, file, writeWrkScript(dir));
    // tcpdump drops what is still in its kernel buffer when stopped: let it catch up first.
    await sleep(CATCH_UP_MS);
    await tcpdump.stop('SIGINT');
    return {
      recipe: RECIPE,
      file,
      bytes: statSync(file).size,
      ports: { http: nginx.port, pgsql: pg.port, dns: dns.port },
      createdAt: new Date().toISOString(),
      droppedByKernel: tcpdumpDrops(tcpdump),
      load,
    };
  } finally {
    // Stop in reverse order; postgres takes SIGINT as a fast shutdown.
    for (const daemon of started.reverse()) {
      await daemon.stop(daemon.name === 'postgres' ? 'SIGINT' : 'SIGTERM');
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loadUntilBig(
  servers: Servers,
  file: string,
  wrkScript: string,
): Promise<CaptureInfo['load']> {
  const load = { httpRequests: 0, pgbenchTransactions: 0, dnsQueries: 0, dnsUnanswered: 0 };
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const [http, tpcb, selects, dns] = await Promise.all([
      wrk(servers.nginx.port, wrkScript),
      pgbench(servers.pg.port, ['-M', 'simple', '-c', '2']), // TPC-B: 7 statements a transaction
      pgbench(servers.pg.port, ['-M', 'extended', '-S', '-c', '1']), // Parse/Bind/Describe/Execute
      runDnsLoad(servers.dns.port, DNS_ZONE, ROUND_SECONDS, DNS_QUERIES_PER_ROUND),
    ]);
    load.httpRequests += http;
    load.pgbenchTransactions += tpcb + selects;
    load.dnsQueries += dns.sent;
    load.dnsUnanswered += dns.lost;
    const bytes = existsSync(file) ? statSync(file).size : 0;
    console.log(
      `   round ${round}: ${(bytes / 1e6).toFixed(1)} MB so far; this round ${http} ` +
        `HTTP requests (1 in ${MEDIUM_EVERY} for ${MEDIUM_BODY_BYTES} B, else ${SMALL_BODY_BYTES} B), ` +
        `${tpcb + selects} pgbench transactions, ${dns.sent} DNS queries`,
    );
    if (bytes >= TARGET_BYTES) return load;
  }
  throw new Error(`capture stayed under ${TARGET_BYTES} bytes after ${MAX_ROUNDS} rounds`);
}
