/**
 * Attribution across network namespaces: a server and its client inside a fresh namespace
 * (`unshare -n`, loopback only) are invisible in this namespace's /proc/net tables, and must
 * be found through the namespace member's /proc/<pid>/net. Needs root (CAP_SYS_ADMIN).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TCP_LISTEN, parseProcNetTable } from '../../src/collector/proc/sockets/proc-net-table.js';
import { SocketOwners } from '../../src/collector/proc/sockets/socket-owners.js';

const CI = process.env['CI'] === 'true';
const isRoot = process.getuid?.() === 0;

/** Listens on loopback, connects to itself, prints "serverPort clientPort", then waits. */
const SCRIPT = `
const net = require('node:net');
const server = net.createServer(() => {}).listen(0, '127.0.0.1', () => {
  const client = net.connect(server.address().port, '127.0.0.1', () => {
    console.log(server.address().port + ' ' + client.localPort);
  });
});
setInterval(() => {}, 1000);`;

describe.skipIf(!isRoot && !CI)('socket owners in another network namespace', () => {
  let child: ChildProcessWithoutNullStreams;
  let serverPort = 0;
  let clientPort = 0;

  beforeAll(async () => {
    child = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && exec "$NODE" -e "$SCRIPT"'], {
      env: { ...process.env, NODE: process.execPath, SCRIPT },
    });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    [serverPort, clientPort] = String(first.value).split(' ').map(Number) as [number, number];
  });

  afterAll(() => {
    child.kill();
  });

  it('runs the server in a namespace of its own, absent from our tables', () => {
    expect(serverPort).toBeGreaterThan(0);
    expect(readlinkSync(`/proc/${child.pid}/ns/net`)).not.toBe(readlinkSync('/proc/self/ns/net'));
    const ownTable = parseProcNetTable(readFileSync('/proc/net/tcp', 'utf8'), 'tcp');
    expect(ownTable.some((e) => e.local.port === serverPort && e.state === TCP_LISTEN)).toBe(false);
  });

  it('finds the server process through the namespace’s own tables', () => {
    const owners = new SocketOwners();
    const answer = owners.resolve(
      'tcp',
      { addr: '127.0.0.1', port: clientPort },
      { addr: '127.0.0.1', port: serverPort },
    );
    expect(answer.swapped).toBe(true);
    expect(answer.process?.pid).toBe(child.pid);
  });
});
