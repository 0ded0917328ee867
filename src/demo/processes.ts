import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../shared/paths.js';
import type { ChildConfig } from './child-config.js';

/** A process the demo started, and how to end it. */
export interface Running {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5000;

/** Dist's compiled child: under vitest this module runs from src/, where Node cannot run .ts. */
function childScript(): string {
  const sibling = fileURLToPath(new URL('./child/main.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  return join(packageRoot(), 'dist', 'src', 'demo', 'child', 'main.js');
}

/** Signals `child` by pid and waits for it to exit; SIGKILL if it has not within 5 s. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const kill = (s: NodeJS.Signals): void => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone; its exit event is on the way
    }
  };
  kill(signal);
  const timer = setTimeout(() => {
    kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/** The last few lines a child wrote to stderr, for the error when it fails to start. */
export function stderrTail(child: ChildProcess): () => string {
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => (tail = (tail + text).slice(-2000)));
  return () => tail.trim();
}

/**
 * Polls `ready` until it holds; throws when `child` exits or fails to spawn first, or after
 * 15 s (stopping the child then).
 */
export async function waitUntilReady(
  child: ChildProcess,
  what: string,
  ready: () => Promise<boolean>,
): Promise<void> {
  let failure: string | undefined;
  const tail = stderrTail(child);
  child.once('error', (error) => (failure = error.message));
  child.once('exit', (code, signal) => (failure = `exited (${signal ?? code ?? '?'})`));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (failure !== undefined) throw new Error(`${what} ${failure}: ${tail()}`);
    if (await ready()) return;
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`${what} was not ready within ${READY_TIMEOUT_MS / 1000}s: ${tail()}`);
    }
    await sleep(50);
  }
}

/** Starts a demo service (or the load generator) as its own Node process. */
export async function startNodeChild(name: string, config: ChildConfig): Promise<Running> {
  const child = spawn(process.execPath, [childScript(), JSON.stringify(config)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let port: number | undefined;
  child.on('message', (message: { port?: number }) => (port = message.port));
  await waitUntilReady(child, name, () => Promise.resolve(port !== undefined));
  return {
    name,
    port: port ?? 0,
    pid: child.pid ?? 0,
    stop: () => stopChild(child, 'SIGTERM'),
  };
}

/** The path of `program` on PATH or in the sbin folders, which not every user's PATH holds. */
export function findProgram(program: string): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, program))
    .find((path) => existsSync(path));
}

/** A loopback port free for both TCP and UDP right now (dnsmasq listens on both). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer().once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => {
          resolve(typeof address === 'object' && address ? address.port : 0);
        });
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4').once('error', () => {
        resolve(false);
      });
      socket.bind(port, '127.0.0.1', () =>
        socket.close(() => {
          resolve(true);
        }),
      );
    });
    if (udpFree) return port;
  }
}
