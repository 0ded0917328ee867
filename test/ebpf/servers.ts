/**
 * Real servers and clients for the eBPF tests: nginx and dnsmasq on free loopback ports, and
 * a runner that reports a client's pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { createConnection, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunResult {
  readonly pid: number;
  readonly code: number | null;
  readonly stdout: string;
  readonly stdoutBytes: number;
  readonly stderr: string;
}

/** Runs a command to completion, remembering its pid (the traced process). */
export function run(command: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        pid: child.pid ?? -1,
        code,
        stdout: Buffer.concat(out).toString(),
        stdoutBytes: Buffer.concat(out).length,
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** A loopback port free for both TCP and UDP right now. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.on('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

async function waitForTcp(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`${what} did not listen on ${port}`);
}

/** Child pids of `parent`, from /proc. */
export function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return procStat(pid).ppid === parent;
      } catch {
        return false;
      }
    });
}

/** ppid and starttime (field 22, in clock ticks) of /proc/<pid>/stat. */
export function procStat(pid: number): { ppid: number; startTicks: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces or parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), startTicks: Number(fields[19]) };
}

export interface Nginx {
  readonly port: number;
  readonly workerPid: number;
  stop(): Promise<void>;
}

/** nginx with one worker serving `root`; sendfile off except under /sf/. */
export async function startNginx(dir: string, root: string): Promise<Nginx> {
  const port = await freePort();
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  default_type application/octet-stream;
  sendfile off;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location /sf/ { sendfile on; }
  }
}
`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-e', join(dir, 'error.log')], {
    stdio: 'ignore',
  });
  await waitForTcp(port, child, 'nginx');
  const pid = child.pid ?? -1;
  let workers = childrenOf(pid);
  for (let i = 0; workers.length === 0 && i < 100; i++) {
    await sleep(20);
    workers = childrenOf(pid);
  }
  const [workerPid] = workers;
  if (workerPid === undefined) throw new Error('nginx has no worker process');
  return { port, workerPid, stop: () => stopChild(child) };
}

export interface ServedNginx extends Nginx {
  /** The temp folder holding nginx's files (removed by stop); tests may add their own. */
  readonly dir: string;
}

/** nginx serving `files` (path under the web root → content) from a new temp folder. */
export async function startNginxServing(
  files: Readonly<Record<string, string>>,
  prefix = 'px-nginx-',
): Promise<ServedNginx> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755); // nginx workers run unprivileged
  const root = join(dir, 'www');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const nginx = await startNginx(dir, root);
  return {
    ...nginx,
    dir,
    stop: async () => {
      await nginx.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Dnsmasq {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

/** dnsmasq answering example.test with 10.1.2.3, nothing else. */
export async function startDnsmasq(): Promise<Dnsmasq> {
  const port = await freePort();
  const args = ['-k', '-p', String(port), '--no-resolv', '--address=/example.test/10.1.2.3'];
  const child = spawn('dnsmasq', [...args, '-C', '/dev/null', '--pid-file='], { stdio: 'ignore' });
  // dnsmasq listens on TCP too; once it does, its UDP socket is bound as well.
  await waitForTcp(port, child, 'dnsmasq');
  return { port, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
