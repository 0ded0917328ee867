/**
 * nginx with the server blocks a live test needs (TLS, IPv6, many connections), in its own
 * temp folder. test/ebpf/servers.ts starts the plain one-server nginx most tests use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { childrenOf } from '../ebpf/servers.js';

export interface CustomNginxOptions {
  /** Folder name prefix under the OS temp dir. */
  readonly prefix: string;
  /** Files under the web root: path → content. */
  readonly files: Readonly<Record<string, string>>;
  /** The `server { … }` blocks, given the temp folder and the web root. */
  readonly servers: (dir: string, root: string) => string;
  /** Addresses nginx must accept connections on before the tests start. */
  readonly listens: readonly { readonly host: string; readonly port: number }[];
  readonly workerConnections?: number;
  /** Called with the temp folder before nginx starts (e.g. to write certificates there). */
  readonly prepare?: (dir: string) => Promise<void> | void;
}

export interface CustomNginx {
  readonly dir: string;
  readonly workerPid: number;
  stop(): Promise<void>;
}

function config(options: CustomNginxOptions, dir: string, root: string): string {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections ${options.workerConnections ?? 64}; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  default_type text/plain;
  sendfile off;
  ${options.servers(dir, root)}
}
`;
}

export async function startCustomNginx(options: CustomNginxOptions): Promise<CustomNginx> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  chmodSync(dir, 0o755); // nginx workers run unprivileged
  const root = join(dir, 'www');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  for (const [path, content] of Object.entries(options.files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  await options.prepare?.(dir);
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, config(options, dir, root));
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-e', join(dir, 'error.log')], {
    stdio: 'ignore',
  });
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const listen of options.listens) await waitForTcp(listen.host, listen.port, child);
    return { dir, workerPid: await workerOf(child), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForTcp(host: string, port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nginx did not listen on [${host}]:${port}`);
}

async function workerOf(child: ChildProcess): Promise<number> {
  const pid = child.pid ?? -1;
  for (let i = 0; i < 100; i++) {
    const [worker] = childrenOf(pid);
    if (worker !== undefined) return worker;
    await sleep(20);
  }
  throw new Error('nginx has no worker process');
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
