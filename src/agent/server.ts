import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { ResultTable } from '../pxl/exec/result.js';
import { parseVisSpec } from '../pxl/vis.js';
import type { Script } from '../scripts/bundle.js';
import { PxError } from '../shared/errors.js';
import { VERSION } from '../shared/version.js';
import { describeAddress, type AgentAddress } from './address.js';
import { encodeError } from './error-wire.js';
import { LineChannel } from './line-channel.js';
import type { AgentReply, AgentRequest } from './protocol.js';
import { encodeTables } from './result-wire.js';

/** What the agent serves: the CLI hands it a running capture and its store. */
export interface AgentService {
  run(script: Script, args: readonly string[]): ResultTable[] | Promise<ResultTable[]>;
  rowsSeen(): number;
  status(): unknown;
}

export interface RunningAgent {
  readonly address: string;
  close(): Promise<void>;
}

/** Serves queries at `address` until closed. A Unix socket is made readable by root only. */
export async function serveAgent(
  address: AgentAddress,
  service: AgentService,
): Promise<RunningAgent> {
  if (address.kind === 'unix') await claimSocketPath(address.path);
  const since = new Date().toISOString();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const channel = new LineChannel(
      socket,
      (message) => {
        void answer(message, service, since).then((reply) => {
          channel.send(reply);
        });
      },
      () => sockets.delete(socket),
    );
  });
  await listen(server, address);
  if (address.kind === 'unix') chmodSync(address.path, 0o600);
  return {
    address: describeAddress(address),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function listen(server: Server, address: AgentAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new PxError(
          `cannot listen at ${describeAddress(address)}: ${error.message}`,
          error.code === 'EADDRINUSE' ? 'agent.in_use' : 'agent.listen',
          'choose another address with --listen',
        ),
      );
    });
    const ready = (): void => {
      resolve();
    };
    if (address.kind === 'unix') server.listen(address.path, ready);
    else server.listen(address.port, address.host === '' ? undefined : address.host, ready);
  });
}

/** Takes over a socket path left by a dead agent; refuses one a live agent answers on. */
async function claimSocketPath(path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) return;
  const alive = await new Promise<boolean>((resolve) => {
    const probe = createConnection(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => {
      resolve(false);
    });
  });
  if (alive) {
    throw new PxError(
      `a px agent already serves at ${path}`,
      'agent.in_use',
      'stop it first, or give this one another --listen address',
    );
  }
  unlinkSync(path);
}

async function answer(message: unknown, service: AgentService, since: string): Promise<AgentReply> {
  const id = isRecord(message) && typeof message['id'] === 'number' ? message['id'] : -1;
  try {
    const request = checkRequest(message);
    if (request.op === 'status') {
      const status = {
        version: VERSION,
        since,
        rowsSeen: service.rowsSeen(),
        capture: service.status(),
      };
      return { id, ok: true, status };
    }
    const { script, args } = request;
    const { name, source, fileName } = script;
    const vis = script.vis === undefined ? {} : { vis: parseVisSpec(script.vis) };
    const local: Script = { name, source, fileName, ...vis, short: '', long: '' };
    return { id, ok: true, tables: encodeTables(await service.run(local, args)) };
  } catch (error) {
    return { id, ok: false, error: encodeError(error) };
  }
}

function checkRequest(message: unknown): AgentRequest {
  if (isRecord(message) && typeof message['id'] === 'number') {
    if (message['op'] === 'status') return { id: message['id'], op: 'status' };
    const { script, args } = message;
    if (
      message['op'] === 'run' &&
      isRecord(script) &&
      typeof script['name'] === 'string' &&
      typeof script['source'] === 'string' &&
      typeof script['fileName'] === 'string' &&
      Array.isArray(args) &&
      args.every((a) => typeof a === 'string')
    ) {
      const wire = { name: script['name'], source: script['source'], fileName: script['fileName'] };
      return { id: message['id'], op: 'run', script: { ...wire, vis: script['vis'] }, args };
    }
  }
  throw new PxError('malformed request to the px agent', 'agent.request');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
