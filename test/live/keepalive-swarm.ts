/**
 * A separate node process (px never traces its own) that holds many kept-alive HTTP
 * connections at once: it opens them all, sends one GET on each and waits for every answer,
 * then a second round on the same sockets, then closes them all and reports.
 */
import { run } from '../ebpf/servers.js';

/** Runs as `node --input-type=module -e SCRIPT host port connections`. */
const SCRIPT = `
import { connect } from 'node:net';
const [host, port, count] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];

const open = () =>
  new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });

/** One GET on socket, resolved with the status once the whole response (Content-Length) is in. */
const exchange = (socket, path) =>
  new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\\r\\n\\r\\n');
      if (end < 0) return;
      const head = buffered.subarray(0, end).toString('latin1');
      const length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      socket.off('data', onData);
      resolve(Number(head.split(' ')[1]));
    };
    socket.on('data', onData);
    socket.write('GET ' + path + ' HTTP/1.1\\r\\nHost: px\\r\\n\\r\\n');
  });

const sockets = await Promise.all(Array.from({ length: count }, open));
const statuses = [];
for (const round of [1, 2]) {
  const answers = sockets.map((s, i) => exchange(s, '/small.txt?round=' + round + '&conn=' + i));
  statuses.push(...(await Promise.all(answers)));
}
const ports = sockets.map((s) => s.localPort);
await Promise.all(sockets.map((s) => new Promise((resolve) => s.on('close', resolve).end())));
console.log(JSON.stringify({ ports, statuses }));
`;

export interface SwarmResult {
  readonly pid: number;
  /** The client's local port of each connection, by connection index. */
  readonly ports: readonly number[];
  /** Every response's status, round 1 then round 2. */
  readonly statuses: readonly number[];
}

export async function runKeepAliveSwarm(
  host: string,
  port: number,
  connections: number,
): Promise<SwarmResult> {
  const args = ['--input-type=module', '-e', SCRIPT, host, String(port), String(connections)];
  const child = await run(process.execPath, args);
  if (child.code !== 0) throw new Error(`swarm client failed: ${child.stderr}`);
  const { ports, statuses } = JSON.parse(child.stdout) as Omit<SwarmResult, 'pid'>;
  return { pid: child.pid, ports, statuses };
}
