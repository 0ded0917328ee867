/**
 * The libpcap pid/process filter against this process's own real sockets, as /proc shows them.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ConnClose,
  ConnOpen,
  DataChunk,
  Datagram,
  Endpoint,
  StreamEvent,
} from '../../../stream/types.js';
import { ProcessGate } from './process-gate.js';
import type { ProcessSelector } from './selected-sockets.js';

const ownName = readFileSync('/proc/self/comm', 'utf8').trim();
const self: ProcessSelector = { pids: new Set([process.pid]), names: new Set() };
/** A pid that cannot exist (above Linux's largest pid_max). */
const nobody: ProcessSelector = { pids: new Set([4_194_305]), names: new Set() };
const unseen: Endpoint = { addr: '127.0.0.1', port: 9 };

function ends(socket: Socket): { local: Endpoint; remote: Endpoint } {
  return {
    local: { addr: socket.localAddress ?? '-', port: socket.localPort ?? 0 },
    remote: { addr: socket.remoteAddress ?? '-', port: socket.remotePort ?? 0 },
  };
}

function open(connId: number, local: Endpoint, remote: Endpoint): ConnOpen {
  return { kind: 'open', connId, timeNs: 0n, transport: 'tcp', role: 2, local, remote };
}

function data(connId: number, bytes: number): DataChunk {
  const chunk = new Uint8Array(bytes);
  return {
    kind: 'data',
    connId,
    direction: 'ingress',
    offset: 0,
    length: bytes,
    timeNs: 0n,
    data: chunk,
  };
}

function close(connId: number): ConnClose {
  return { kind: 'close', connId, timeNs: 0n };
}

function datagram(local: Endpoint, remote: Endpoint): Datagram {
  const payload = new Uint8Array(20);
  return {
    kind: 'datagram',
    direction: 'ingress',
    timeNs: 0n,
    length: payload.length,
    local,
    remote,
    role: 2,
    data: payload,
  };
}

async function listen(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { server, port: address.port };
}

async function connect(port: number): Promise<Socket> {
  const socket = createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  return socket;
}

describe('the libpcap process gate', () => {
  let server: Server;
  let serverPort = 0;
  let client: Socket;
  let udp: UdpSocket;
  const laterServers: Server[] = [];
  const later: Socket[] = [];

  /** A connection between two sockets (and a listener) made now: no scan before saw them. */
  async function freshConnection(): Promise<Socket> {
    const fresh = await listen();
    laterServers.push(fresh.server);
    const socket = await connect(fresh.port);
    later.push(socket);
    return socket;
  }

  beforeAll(async () => {
    ({ server, port: serverPort } = await listen());
    client = await connect(serverPort);
    udp = createSocket('udp4');
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of [client, ...later]) socket.destroy();
    udp.close();
    for (const s of [server, ...laterServers]) await new Promise((resolve) => s.close(resolve));
  });

  it('passes a connection a selected process holds, open to close', () => {
    const gate = new ProcessGate({ selector: self, onRelease: () => undefined });
    const { local, remote } = ends(client);
    const events = [open(1, local, remote), data(1, 10), close(1)];
    expect(gate.filter(events)).toEqual(events);
    expect(gate.stats).toMatchObject({ kept: 1, dropped: 0 });
  });

  it('selects by process name as /proc/<pid>/comm shows it', () => {
    const byName = { pids: new Set<number>(), names: new Set([ownName]) };
    const gate = new ProcessGate({ selector: byName, onRelease: () => undefined });
    const { local, remote } = ends(client);
    expect(gate.filter([open(1, remote, local)])).toHaveLength(1);
  });

  it('drops a connection no selected process holds, once a scan newer than it says so', () => {
    const released: StreamEvent[] = [];
    const gate = new ProcessGate({
      selector: nobody,
      minRescanMs: 0,
      onRelease: (events) => released.push(...events),
    });
    const { local, remote } = ends(client);
    expect(gate.filter([open(1, local, remote), data(1, 10), close(1)])).toEqual([]);
    // Data of a connection it never saw open cannot be judged either.
    expect(gate.filter([data(2, 10)])).toEqual([]);
    gate.finish();
    expect(released).toEqual([]);
    expect(gate.stats).toMatchObject({ kept: 0, dropped: 1, scans: 2 });
  });

  it('keeps the server end of a connection not accepted yet, through its listener', () => {
    const gate = new ProcessGate({ selector: self, onRelease: () => undefined });
    const listener = { addr: '127.0.0.1', port: serverPort };
    expect(gate.filter([open(1, listener, unseen)])).toHaveLength(1);
    expect(gate.filter([open(2, unseen, listener)])).toHaveLength(1);
  });

  it('holds a connection newer than the last scan until the next one, then releases it', async () => {
    const released: StreamEvent[] = [];
    const gate = new ProcessGate({
      selector: self,
      minRescanMs: 60_000,
      onRelease: (events) => released.push(...events),
    });
    const { local, remote } = ends(await freshConnection());
    const kept = [open(1, local, remote), data(1, 10), close(1)];
    const other = [open(2, unseen, { addr: '127.0.0.1', port: 7 }), data(2, 10)];
    expect(gate.filter([kept[0], other[0], kept[1], other[1], kept[2]] as StreamEvent[])).toEqual(
      [],
    );
    expect(released).toEqual([]);
    gate.finish();
    expect(released).toEqual(kept);
    expect(gate.stats).toMatchObject({ kept: 1, dropped: 1, scans: 2 });
  });

  it('rescans by itself once the next scan is due', async () => {
    let release: (events: StreamEvent[]) => void = () => undefined;
    const released = new Promise<StreamEvent[]>((resolve) => (release = resolve));
    const gate = new ProcessGate({ selector: self, minRescanMs: 300, onRelease: release });
    const { local, remote } = ends(await freshConnection());
    const events = [open(1, local, remote), data(1, 10)];
    // A scan newer than the one at construction may already be allowed: then it passes at once.
    const passed = gate.filter(events);
    expect(passed.length === 2 ? passed : await released).toEqual(events);
    // Judged now: later data passes straight through.
    expect(gate.filter([close(1)])).toEqual([close(1)]);
    gate.finish();
  });

  it('holds no more than maxHeldBytes while waiting', async () => {
    const released: StreamEvent[] = [];
    const gate = new ProcessGate({
      selector: self,
      minRescanMs: 60_000,
      maxHeldBytes: 15,
      onRelease: (events) => released.push(...events),
    });
    const { local, remote } = ends(await freshConnection());
    gate.filter([open(1, local, remote), data(1, 10), data(1, 10)]);
    gate.finish();
    expect(released.map((e) => e.kind)).toEqual(['open', 'data']);
    expect(gate.stats.overflow).toBe(1);
  });

  it('judges UDP per flow: datagrams to a selected socket pass, others do not', () => {
    const gate = new ProcessGate({ selector: self, minRescanMs: 0, onRelease: () => undefined });
    const bound = { addr: '127.0.0.1', port: udp.address().port };
    const peer = { addr: '127.0.0.1', port: 5353 };
    const toUs = [datagram(bound, peer), datagram(bound, peer)];
    expect(gate.filter(toUs)).toEqual(toUs);
    expect(gate.filter([datagram(unseen, peer)])).toEqual([]);
    expect(gate.stats).toMatchObject({ kept: 1, dropped: 1 });
  });
});
