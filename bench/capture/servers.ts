/**
 * The real servers the capture is made of, each in its own temp dir on a free loopback port:
 * nginx, PostgreSQL 15 (run as `postgres`), dnsmasq, and tcpdump recording only their ports.
 */
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  acceptsTcp,
  freePort,
  runToEnd,
  startDaemon,
  userIds,
  waitFor,
  type Daemon,
} from './processes.js';

export interface Server {
  readonly port: number;
  readonly daemon: Daemon;
}

/** Paths nginx serves: a tiny body and a medium one, so both records and bytes add up. */
export const HTTP_PATHS = { small: '/small', medium: '/medium' } as const;
export const SMALL_BODY_BYTES = 96;
export const MEDIUM_BODY_BYTES = 16 * 1024;

async function listening(daemon: Daemon, port: number): Promise<void> {
  await waitFor(daemon.name, async () => {
    if (!daemon.running()) throw new Error(`${daemon.name} exited: ${daemon.output()}`);
    return acceptsTcp(port);
  });
}

export async function startNginx(dir: string): Promise<Server> {
  const port = await freePort();
  const root = join(dir, 'www');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'small'), 'x'.repeat(SMALL_BODY_BYTES));
  writeFileSync(join(root, 'medium'), 'abcdefghijklmnop'.repeat(MEDIUM_BODY_BYTES / 16));
  const conf = join(dir, 'nginx.conf');
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `  ${t}_temp_path ${dir}/tmp/${t};`)
    .join('\n');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 256; }
http {
  access_log off;
${temp}
  default_type text/plain;
  server { listen 127.0.0.1:${port}; root ${root}; }
}
`,
  );
  const daemon = startDaemon('nginx', 'nginx', ['-c', conf, '-p', dir, '-e', `${dir}/error.log`]);
  await listening(daemon, port);
  return { port, daemon };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** PostgreSQL with pgbench's tables already loaded (before the capture starts). */
export async function startPostgres(dir: string): Promise<Server> {
  const ids = userIds('postgres');
  const pgDir = join(dir, 'pg');
  mkdirSync(pgDir);
  chownSync(pgDir, ids.uid, ids.gid);
  const data = join(pgDir, 'data');
  await runToEnd(
    `${PG_BIN}/initdb`,
    ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'],
    ids,
  );
  const port = await freePort();
  const settings = ['listen_addresses=127.0.0.1', 'fsync=off', 'synchronous_commit=off'];
  const daemon = startDaemon(
    'postgres',
    `${PG_BIN}/postgres`,
    ['-D', data, '-p', String(port), '-k', pgDir, ...settings.flatMap((s) => ['-c', s])],
    ids,
  );
  await listening(daemon, port);
  await runToEnd('pgbench', [...pgbenchConnection(port), '-i', '-q', '-s', '1', 'postgres']);
  return { port, daemon };
}

/** Over TCP on loopback (a Unix socket would not be captured). */
export function pgbenchConnection(port: number): string[] {
  return ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'];
}

export const DNS_ZONE = 'bench.test';

export async function startDnsmasq(): Promise<Server> {
  const port = await freePort();
  const args = ['-k', '-p', String(port), '--no-resolv', `--address=/${DNS_ZONE}/10.0.0.1`];
  const daemon = startDaemon('dnsmasq', 'dnsmasq', [
    ...args,
    '-C',
    '/dev/null',
    '--pid-file=',
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
  ]);
  // dnsmasq opens its TCP socket with the UDP one: once TCP accepts, UDP is bound too.
  await listening(daemon, port);
  return { port, daemon };
}

/** tcpdump on `lo` for the given ports, whole packets, a large kernel buffer against drops. */
export async function startTcpdump(file: string, ports: readonly number[]): Promise<Daemon> {
  const filter = ports.map((p) => `port ${p}`).join(' or ');
  const daemon = startDaemon('tcpdump', 'tcpdump', [
    ...['-i', 'lo', '-s', '0', '-B', '65536', '-n', '-Z', 'root', '-w', file, filter],
  ]);
  await waitFor('tcpdump', () => {
    if (!daemon.running()) throw new Error(`tcpdump exited: ${daemon.output()}`);
    return daemon.output().includes('listening on');
  });
  return daemon;
}

/** "N packets dropped by kernel" from tcpdump's closing lines (after it stopped). */
export function tcpdumpDrops(tcpdump: Daemon): number {
  const match = /(\d+) packets? dropped by kernel/.exec(tcpdump.output());
  return match === null ? 0 : Number(match[1]);
}
