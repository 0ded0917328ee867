/**
 * A minimal MySQL client for the binary protocol (COM_STMT_PREPARE / EXECUTE / CLOSE), for a
 * server whose root user has an empty password. The mariadb command-line client only sends
 * COM_QUERY, and px must be checked on prepared statements against a real server too.
 */
import { Socket } from 'node:net';
import { bytes, command, concat, enc, le, lenencString, packet } from './mysql-wire.js';

const CAPABILITIES = 0x0200 | 0x8000 | 0x80000 | 0x2000 | 0x1; // 4.1, secure conn, plugin auth, transactions

export class BinaryClient {
  private buffered: Uint8Array = new Uint8Array(0);
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = concat(this.buffered, new Uint8Array(chunk));
      this.waiter?.();
    });
  }

  static async connect(port: number): Promise<BinaryClient> {
    const socket = new Socket();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => resolve());
    });
    const client = new BinaryClient(socket);
    await client.packet(); // greeting
    const hello = concat(
      le(CAPABILITIES, 4),
      le(1 << 24, 4),
      bytes(33),
      new Uint8Array(23),
      enc.encode('root\0'),
      bytes(0),
    );
    socket.write(packet(1, concat(hello, enc.encode('mysql_native_password\0'))));
    let reply = await client.packet();
    if (reply[0] === 0xfe) {
      socket.write(packet(3, new Uint8Array(0))); // auth switch: still the empty password
      reply = await client.packet();
    }
    if (reply[0] !== 0x00) throw new Error('login failed');
    return client;
  }

  /** COM_STMT_PREPARE; returns the statement id and parameter count, or the error packet. */
  async prepare(sql: string): Promise<{ id: number; params: number } | { error: Uint8Array }> {
    this.socket.write(command(0x16, sql));
    const first = await this.packet();
    if (first[0] === 0xff) return { error: first };
    const id = (first[1] ?? 0) | ((first[2] ?? 0) << 8);
    const columns = (first[5] ?? 0) | ((first[6] ?? 0) << 8);
    const params = (first[7] ?? 0) | ((first[8] ?? 0) << 8);
    for (const group of [params, columns]) {
      if (group === 0) continue;
      for (let i = 0; i < group; i++) await this.packet();
      await this.packet(); // EOF
    }
    return { id, params };
  }

  /** COM_STMT_EXECUTE with LONGLONG and string parameters; reads a result set or OK/ERR. */
  async execute(id: number, values: (number | string)[]): Promise<number> {
    const types = values.map((v) => (typeof v === 'number' ? bytes(0x08, 0) : bytes(0xfd, 0)));
    const data = values.map((v) => (typeof v === 'number' ? le(v, 8) : lenencString(v)));
    const nulls = new Uint8Array((values.length + 7) >> 3);
    this.socket.write(
      packet(
        0,
        concat(bytes(0x17), le(id, 4), bytes(0), le(1, 4), nulls, bytes(1), ...types, ...data),
      ),
    );
    const first = await this.packet();
    if (first[0] === 0x00 || first[0] === 0xff) return 0;
    const columns = first[0] ?? 0;
    for (let i = 0; i <= columns; i++) await this.packet(); // definitions + EOF
    let rows = 0;
    while ((await this.packet())[0] !== 0xfe) rows++;
    return rows;
  }

  close(id: number): void {
    this.socket.write(command(0x19, le(id, 4)));
  }

  async quit(): Promise<void> {
    this.socket.write(command(0x01));
    await new Promise<void>((resolve) => {
      this.socket.end(() => resolve());
    });
  }

  /** The next packet's payload (the protocol is strictly request/response here). */
  private async packet(): Promise<Uint8Array> {
    for (;;) {
      if (this.buffered.length >= 4) {
        const length =
          (this.buffered[0] ?? 0) |
          ((this.buffered[1] ?? 0) << 8) |
          ((this.buffered[2] ?? 0) << 16);
        if (this.buffered.length >= 4 + length) {
          const payload = this.buffered.slice(4, 4 + length);
          this.buffered = this.buffered.slice(4 + length);
          return payload;
        }
      }
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }
}
