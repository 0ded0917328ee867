/**
 * Real database servers and a packet capture for the integration tests: PostgreSQL 15
 * (initdb into a temp dir, run as the `postgres` user) and MariaDB (mariadb-install-db, run as
 * root), each on a free loopback port, and tcpdump on `lo`. Everything started here is stopped
 * by its pid. A missing binary is an error, never a skip.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Running {
  readonly port: number;
  readonly dir: string;
  stop(): Promise<void>;
}

/** psql's flags to reach a server started here: TCP on loopback, as postgres. */
export const psqlConnection = (port: number): string[] => [
  '-h',
  '127.0.0.1',
  '-p',
  String(port),
  '-U',
  'postgres',
  '-d',
  'postgres',
];

/** mariadb's flags to reach a server started here: TCP on loopback, as root, no option files. */
export const mariadbConnection = (port: number): string[] => [
  '--no-defaults',
  '-h',
  '127.0.0.1',
  '-P',
  String(port),
  '-u',
  'root',
  '-A',
  '--skip-ssl',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

async function waitUntil(what: string, ready: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function succeeds(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid, signal);
  await exited;
}

function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`no ${name} user`);
  return { uid: Number(uid), gid: Number(gid) };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

export async function startPostgres(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'px-pg-'));
  const ids = userIds('postgres');
  chownSync(dir, ids.uid, ids.gid);
  const data = join(dir, 'data');
  execFileSync(`${PG_BIN}/initdb`, ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], {
    ...ids,
    stdio: 'ignore',
  });
  const port = await freePort();
  const args = [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ];
  const child = spawn(`${PG_BIN}/postgres`, args, { ...ids, stdio: 'ignore' });
  await waitUntil('postgres', () =>
    succeeds(`${PG_BIN}/pg_isready`, ['-q', '-h', dir, '-p', String(port)]),
  );
  return {
    port,
    dir,
    async stop() {
      await stopChild(child, 'SIGINT'); // fast shutdown
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startMariadb(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'px-mariadb-'));
  const data = join(dir, 'data');
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const socket = join(dir, 'mysqld.sock');
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--socket=${socket}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      '--user=root',
      '--skip-log-bin',
      '--innodb-buffer-pool-size=16M',
    ],
    { stdio: 'ignore' },
  );
  await waitUntil('mariadbd', () =>
    succeeds('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '-uroot', 'ping']),
  );
  return {
    port,
    dir,
    async stop() {
      await stopChild(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** tcpdump on loopback for one port, written packet by packet to `file`. */
export async function startCapture(port: number, file: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(
    'tcpdump',
    ['-i', 'lo', '--immediate-mode', '-U', '-n', '-Z', 'root', '-w', file, `tcp port ${port}`],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  await waitUntil(
    'tcpdump',
    () => stderr.includes('listening on') || child.exitCode !== null,
    10_000,
  );
  if (child.exitCode !== null) throw new Error(`tcpdump failed: ${stderr}`);
  return {
    async stop() {
      await sleep(200); // let the last packets reach the capture
      await stopChild(child, 'SIGINT');
    },
  };
}
