/**
 * Process plumbing for the capture generator: free ports, waiting, and children that are only
 * ever stopped through their own handle (other engineers run the same servers on this box).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

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

export async function waitFor(
  what: string,
  ready: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export function acceptsTcp(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** A long-running child: its output is kept for error messages, and it is stopped by its pid. */
export interface Daemon {
  readonly name: string;
  readonly child: ChildProcess;
  /** Settles when the process has exited and its output is closed. */
  readonly exited: Promise<void>;
  output(): string;
  running(): boolean;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export function startDaemon(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Daemon {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', (error) => {
      output += String(error);
      resolve();
    });
  });
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  return {
    name,
    child,
    exited,
    output: () => output,
    running,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (running() && child.pid !== undefined) process.kill(child.pid, signal);
      await exited;
    },
  };
}

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion; a non-zero exit is an error that carries its output. */
export async function runToEnd(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<Finished> {
  const daemon = startDaemon(command, command, args, options);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  daemon.child.stdout?.on('data', (b: Buffer) => stdout.push(b));
  daemon.child.stderr?.on('data', (b: Buffer) => stderr.push(b));
  await daemon.exited;
  const result = {
    code: daemon.child.exitCode,
    stdout: Buffer.concat(stdout).toString(),
    stderr: Buffer.concat(stderr).toString(),
  };
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${String(result.code)}: ${result.stderr}`);
  }
  return result;
}

export function userIds(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error(`no ${name} user`);
  return { uid: Number(uid), gid: Number(gid) };
}
