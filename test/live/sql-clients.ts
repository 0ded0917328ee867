/**
 * The real database clients the live SQL tests drive: psql, pgbench and mariadb, run as their
 * own processes (px never traces its own process, so the clients must be separate ones), and a
 * long-lived client fed line by line, which holds a connection open across the start of capture.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { run, type RunResult } from '../ebpf/servers.js';
import { mariadbConnection, psqlConnection } from '../sql/servers.js';

/** psql talking to 127.0.0.1:port as postgres: unaligned tuples only, no psqlrc, quiet. */
export const psqlArgs = (port: number): string[] => ['-X', '-q', '-At', ...psqlConnection(port)];

/** mariadb talking to 127.0.0.1:port as root: batch output without names, flushed per query. */
export const mariadbArgs = (port: number): string[] => [
  ...mariadbConnection(port),
  '-N',
  '-B',
  '--unbuffered',
];

/** Runs a client to completion; a client that cannot start or fails is an error. */
export async function runClient(command: string, args: readonly string[]): Promise<RunResult> {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${command} exited ${result.code}: ${result.stderr}`);
  return result;
}

/**
 * A client process reading SQL from stdin, one statement per line, each answering with one
 * line on stdout; its connection stays open until `close`.
 */
export class LineClient {
  private readonly lines: AsyncIterator<string>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static start(command: string, args: readonly string[]): LineClient {
    return new LineClient(spawn(command, args));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Sends one statement and returns its one line of output. */
  async ask(sql: string): Promise<string> {
    this.child.stdin.write(`${sql}\n`);
    const line = await this.lines.next();
    if (line.done === true) throw new Error(`client ${this.pid} exited before answering ${sql}`);
    return line.value;
  }

  /** Ends the input, so the client says goodbye to its server and exits. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.stdin.end();
    await exited;
  }
}
