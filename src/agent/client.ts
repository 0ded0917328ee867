import { createConnection, type Socket } from 'node:net';
import type { ResultTable } from '../pxl/exec/result.js';
import type { Script } from '../scripts/bundle.js';
import { PxError } from '../shared/errors.js';
import { describeAddress, type AgentAddress } from './address.js';
import { decodeError, type WireError } from './error-wire.js';
import { LineChannel } from './line-channel.js';
import { toWireScript, type AgentStatusReply } from './protocol.js';
import { decodeTables, type WireTable } from './result-wire.js';

interface Waiter {
  resolve(reply: Record<string, unknown>): void;
  reject(error: Error): void;
}

/** A connection to a px agent: scripts run there, over its history, and come back as tables. */
export class AgentClient {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter>();
  private readonly channel: LineChannel;

  private constructor(
    socket: Socket,
    readonly address: string,
  ) {
    this.channel = new LineChannel(
      socket,
      (message) => {
        this.receive(message);
      },
      (error) => {
        this.failAll(error);
      },
    );
  }

  /** Connects, or rejects with the reason (`code` ENOENT/ECONNREFUSED when none listens). */
  static connect(address: AgentAddress): Promise<AgentClient> {
    const where = describeAddress(address);
    return new Promise((resolve, reject) => {
      const socket =
        address.kind === 'unix'
          ? createConnection(address.path)
          : createConnection(address.port, address.host === '' ? 'localhost' : address.host);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new AgentClient(socket, where));
      });
    });
  }

  async run(script: Script, args: readonly string[]): Promise<ResultTable[]> {
    const reply = await this.request({ op: 'run', script: toWireScript(script), args });
    return decodeTables(reply['tables'] as WireTable[]);
  }

  async status(): Promise<AgentStatusReply> {
    const reply = await this.request({ op: 'status' });
    return reply['status'] as AgentStatusReply;
  }

  close(): void {
    this.channel.close();
  }

  private request(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.channel.send({ id, ...body });
    });
  }

  private receive(message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const reply = message as Record<string, unknown>;
    const waiter = this.waiting.get(reply['id'] as number);
    if (waiter === undefined) return;
    this.waiting.delete(reply['id'] as number);
    if (reply['ok'] === true) waiter.resolve(reply);
    else waiter.reject(decodeError(reply['error'] as WireError));
  }

  private failAll(error?: Error): void {
    const lost = new PxError(
      `the px agent at ${this.address} closed the connection${error === undefined ? '' : `: ${error.message}`}`,
      'agent.disconnected',
      'is the agent still running? (px agent)',
    );
    for (const waiter of this.waiting.values()) waiter.reject(lost);
    this.waiting.clear();
  }
}

/**
 * The agent at `address` if one answers; null when nothing listens there (no socket file,
 * connection refused), so the caller can capture by itself instead.
 */
export async function findAgent(address: AgentAddress): Promise<AgentClient | null> {
  try {
    return await AgentClient.connect(address);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') return null;
    throw unreachable(address, error);
  }
}

/** Connects to an agent the user named; failing is an error, not a fallback. */
export async function connectAgent(address: AgentAddress): Promise<AgentClient> {
  try {
    return await AgentClient.connect(address);
  } catch (error) {
    throw unreachable(address, error);
  }
}

function unreachable(address: AgentAddress, error: unknown): PxError {
  return new PxError(
    `cannot reach the px agent at ${describeAddress(address)}: ${(error as Error).message}`,
    'agent.unreachable',
    'start one there with `px agent`, or leave out --agent to capture in this process',
  );
}
