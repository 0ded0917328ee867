/**
 * Client processes for the capture filter tests. Each names itself (process.title sets
 * /proc/<pid>/comm) before it touches the network, so --process can pick it out.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * A node process keeping one HTTP connection per server port: each `get` sends a request on
 * the kept-alive connection to that port and resolves with the status.
 */
export class TitledHttpClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;

  constructor(readonly title: string) {
    const script = `
      process.title = ${JSON.stringify(title)};
      const http = require('node:http');
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
        const [port, path] = line.split(' ');
        http.get({ host: '127.0.0.1', port: Number(port), path, agent }, (res) => {
          res.resume();
          res.on('end', () => console.log(res.statusCode));
        }).on('error', (e) => console.log('error ' + e.message));
      });
      console.log('ready');`;
    this.child = spawn(process.execPath, ['-e', script]);
    this.lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves once the process has taken its title. */
  async ready(): Promise<void> {
    const line = await this.lines.next();
    if (line.value !== 'ready')
      throw new Error(`${this.title} did not start: ${String(line.value)}`);
  }

  async get(port: number, path: string): Promise<string> {
    this.child.stdin.write(`${port} ${path}\n`);
    const line = await this.lines.next();
    return String(line.value);
  }

  close(): void {
    this.child.kill();
  }
}

/** A DNS query for example.test (id 0x1234, recursion desired, type A, class IN). */
const DNS_QUERY = [
  0x12,
  0x34,
  0x01,
  0x00,
  0,
  1,
  0,
  0,
  0,
  0,
  0,
  0,
  7,
  ...Buffer.from('example'),
  4,
  ...Buffer.from('test'),
  0,
  0,
  1,
  0,
  1,
];

/**
 * A node process named `title` that asks for example.test from one unconnected UDP socket, to
 * `otherPort` (where nobody answers) and then to `port`, and exits once `port` has answered.
 * Resolves with its pid.
 */
export function unconnectedDnsQueries(
  title: string,
  port: number,
  otherPort: number,
): Promise<number> {
  const script = `
    process.title = ${JSON.stringify(title)};
    const socket = require('node:dgram').createSocket('udp4');
    const query = Buffer.from(${JSON.stringify(DNS_QUERY)});
    const timer = setTimeout(() => process.exit(3), 5000);
    socket.on('message', () => { clearTimeout(timer); socket.close(); });
    socket.send(query, ${otherPort}, '127.0.0.1', () => socket.send(query, ${port}, '127.0.0.1'));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(child.pid ?? -1);
      else reject(new Error(`the UDP client exited with ${code}`));
    });
  });
}
