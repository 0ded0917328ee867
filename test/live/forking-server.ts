/**
 * A TCP server that hands each accepted connection to a child process and closes its own copy,
 * as PostgreSQL's postmaster does: the listener stays with this process, the connection's
 * socket lives in the child. For tests of attribution through /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { Endpoint } from '../../src/collector/stream/types.js';

export interface HandedConnection {
  readonly client: Socket;
  readonly clientEnd: Endpoint;
  /** The child holding the server end. */
  readonly child: ChildProcess;
}

/** A port no socket uses right now, to name a connection before it is made. */
export async function unusedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  return typeof address === 'object' && address !== null ? address.port : 0;
}

export class ForkingServer {
  private readonly children: ChildProcess[] = [];
  private readonly clients: Socket[] = [];

  private constructor(
    private readonly server: Server,
    readonly endpoint: Endpoint,
  ) {}

  static async start(): Promise<ForkingServer> {
    const server = createServer({ pauseOnConnect: true });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    return new ForkingServer(server, { addr: '127.0.0.1', port: address.port });
  }

  /** Connects from `localPort` (any when 0); resolves once a child holds the server end alone. */
  async connect(localPort = 0): Promise<HandedConnection> {
    const accepted = once(this.server, 'connection') as Promise<[Socket]>;
    const client = createConnection({
      host: this.endpoint.addr,
      port: this.endpoint.port,
      localAddress: '127.0.0.1',
      localPort,
    });
    this.clients.push(client);
    await once(client, 'connect');
    const [socket] = await accepted;
    const child = spawn('sleep', ['60'], { stdio: ['ignore', 'ignore', 'ignore', socket] });
    this.children.push(child);
    await once(child, 'spawn');
    socket.destroy(); // the child's descriptor keeps the connection open
    return { client, clientEnd: { addr: '127.0.0.1', port: client.localPort ?? 0 }, child };
  }

  async close(): Promise<void> {
    for (const client of this.clients) client.destroy();
    for (const child of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    }
    this.server.close();
    await once(this.server, 'close');
  }
}
