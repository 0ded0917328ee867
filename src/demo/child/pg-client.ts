import { connect, type Socket } from 'node:net';

/** One statement's rows, each cell as PostgreSQL's text form (null for NULL). */
export type Rows = (string | null)[][];

interface Pending {
  readonly rows: Rows;
  error: string | undefined;
  resolve(rows: Rows): void;
  reject(error: Error): void;
}

const PROTOCOL_3_0 = 196_608;

/**
 * The smallest PostgreSQL client the demo's catalog needs: trust authentication and the simple
 * query protocol over one connection. Queries are pipelined; the server answers them in order,
 * each ending with ReadyForQuery.
 */
export class PgClient {
  private buffer = Buffer.alloc(0);
  private readonly pending: Pending[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.receive(chunk);
    });
    socket.on('error', (error) => {
      this.failAll(error);
    });
    socket.on('close', () => {
      this.failAll(new Error('PostgreSQL closed the connection'));
    });
  }

  /** Connects as `user` to database `user`; resolves once the server is ready for queries. */
  static async connect(port: number, user: string): Promise<PgClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve).once('error', reject);
    });
    const client = new PgClient(socket);
    const params = Buffer.from(`user\0${user}\0database\0${user}\0\0`);
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(PROTOCOL_3_0, 4);
    await client.expectReady(Buffer.concat([startup, params]));
    return client;
  }

  query(sql: string): Promise<Rows> {
    const text = Buffer.from(`${sql}\0`);
    const header = Buffer.alloc(5);
    header.write('Q', 0);
    header.writeInt32BE(4 + text.length, 1);
    return this.expectReady(Buffer.concat([header, text]));
  }

  close(): void {
    this.socket.destroy();
  }

  private expectReady(message: Buffer): Promise<Rows> {
    return new Promise((resolve, reject) => {
      this.pending.push({ rows: [], error: undefined, resolve, reject });
      this.socket.write(message);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    try {
      while (this.buffer.length >= 5) {
        const length = this.buffer.readInt32BE(1);
        if (length < 4) throw new Error(`bad message length ${length}`);
        if (this.buffer.length < 1 + length) return;
        const type = String.fromCharCode(this.buffer[0] ?? 0);
        this.handle(type, this.buffer.subarray(5, 1 + length));
        this.buffer = this.buffer.subarray(1 + length);
      }
    } catch (error) {
      // A message that does not parse (a short body reads past its end): drop the connection.
      this.socket.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private handle(type: string, body: Buffer): void {
    const current = this.pending[0];
    if (current === undefined) return;
    // Trust authentication only: any other request would wait for a password forever.
    if (type === 'R' && body.readInt32BE(0) !== 0) {
      this.socket.destroy(new Error('PostgreSQL wants a password'));
      return;
    }
    if (type === 'E') current.error = errorMessage(body);
    if (type === 'D') current.rows.push(dataRow(body));
    if (type !== 'Z') return;
    this.pending.shift();
    if (current.error === undefined) current.resolve(current.rows);
    else current.reject(new Error(current.error));
  }

  private failAll(error: Error): void {
    for (const p of this.pending.splice(0)) p.reject(error);
  }
}

/** ErrorResponse: (field type, C string) pairs; 'M' is the message. */
function errorMessage(body: Buffer): string {
  for (let at = 0; at < body.length && body[at] !== 0;) {
    const end = body.indexOf(0, at + 1);
    if (end < 0) break;
    if (body[at] === 0x4d) return body.toString('utf8', at + 1, end);
    at = end + 1;
  }
  return 'PostgreSQL error';
}

function dataRow(body: Buffer): (string | null)[] {
  const cells: (string | null)[] = [];
  let at = 2;
  for (let i = 0; i < body.readInt16BE(0); i++) {
    const length = body.readInt32BE(at);
    at += 4;
    cells.push(length < 0 ? null : body.toString('utf8', at, at + length));
    at += Math.max(0, length);
  }
  return cells;
}
