/**
 * A node child process holding one kept-alive HTTP connection: each `get` sends a GET on that
 * same socket and resolves with the status. A separate process, because px never traces its
 * own; opened before a capture starts, it shows how px picks up older connections.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

export class KeepAliveClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  /** `host` as node:http takes it: '127.0.0.1' or '::1'. */
  constructor(host: string, port: number) {
    const script = `
      const http = require('node:http');
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const [host, port] = [process.argv[1], Number(process.argv[2])];
      require('node:readline').createInterface({ input: process.stdin }).on('line', (path) => {
        http.get({ host, port, path, agent }, (res) => {
          res.resume();
          res.on('end', () => console.log(res.statusCode));
        });
      });`;
    this.child = spawn(process.execPath, ['-e', script, host, String(port)]);
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  async get(path: string): Promise<number> {
    this.child.stdin.write(`${path}\n`);
    const line = await this.lines.next();
    return Number(line.value);
  }

  close(): void {
    this.child.kill();
  }
}
