/**
 * One keep-alive connection of the load generator, one request in flight at a time. When the
 * server ends the connection (nginx does after keepalive_requests) it reconnects, as a real
 * client would, and only a request lost with the connection counts as an error.
 */
import { connect, type Socket } from 'node:net';
import { closesConnection, responseLength, statusCode } from './http-response.js';

export interface ConnectionEvents {
  /**
   * Request `index` got its response (`ok`: status 200); the connection is idle again unless
   * it reconnects.
   */
  response(conn: LoadConnection, index: number, reusable: boolean, ok: boolean): void;
  /** A (re)connected socket is ready for a request. */
  ready(conn: LoadConnection): void;
  /** A request went unanswered because its connection broke. */
  lost(index: number): void;
}

export class LoadConnection {
  private socket: Socket | undefined;
  private received: Buffer = Buffer.alloc(0);
  private inFlight = -1;
  private closed = false;

  constructor(
    private readonly port: number,
    private readonly request: Buffer,
    private readonly events: ConnectionEvents,
  ) {}

  get busy(): boolean {
    return this.inFlight >= 0;
  }

  /** Connects; settles once the first socket is connected (or failed to). */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.port }, () => {
        socket.off('error', reject);
        resolve();
        this.events.ready(this);
      });
      socket.once('error', reject);
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.receive(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => this.broken(socket));
      this.socket = socket;
      this.received = Buffer.alloc(0);
    });
  }

  send(index: number): void {
    this.inFlight = index;
    this.socket?.write(this.request);
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
  }

  private receive(chunk: Buffer): void {
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    const length = responseLength(this.received);
    if (length < 0) {
      this.socket?.destroy();
      return;
    }
    if (length === 0 || this.inFlight < 0) return;
    const response = this.received.subarray(0, length);
    const reusable = !closesConnection(response);
    const ok = statusCode(response) === 200;
    this.received = this.received.subarray(length);
    const index = this.inFlight;
    this.inFlight = -1;
    if (!reusable) this.socket?.destroy();
    this.events.response(this, index, reusable, ok);
  }

  private broken(socket: Socket): void {
    if (socket !== this.socket || this.closed) return;
    if (this.inFlight >= 0) this.events.lost(this.inFlight);
    this.inFlight = -1;
    this.open().catch(() => undefined);
  }
}
