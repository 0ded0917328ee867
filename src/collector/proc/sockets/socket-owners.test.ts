import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkingServer } from '../../../../test/live/forking-server.js';
import type { Endpoint } from '../../stream/types.js';
import { SocketOwners } from './socket-owners.js';

/** Our own process as /proc describes it: the owner of every socket these tests open. */
const self = {
  pid: process.pid,
  startTicks: Number(
    readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[19] ?? Number.NaN,
  ),
};

function localEnd(socket: Socket): Endpoint {
  return { addr: socket.localAddress ?? '-', port: socket.localPort ?? 0 };
}

function remoteEnd(socket: Socket): Endpoint {
  return { addr: socket.remoteAddress ?? '-', port: socket.remotePort ?? 0 };
}

describe('socket owners from /proc', () => {
  let server: Server;
  let client: Socket;
  let udpServer: UdpSocket;
  let udpClient: UdpSocket;

  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    const accepted = new Promise<void>((resolve) => server.once('connection', () => resolve()));
    client = createConnection({ host: '127.0.0.1', port: address.port });
    await new Promise<void>((resolve) => client.once('connect', resolve));
    await accepted;

    udpServer = createSocket('udp4');
    await new Promise<void>((resolve) => udpServer.bind(0, '127.0.0.1', resolve));
    udpClient = createSocket('udp4');
    await new Promise<void>((resolve) => {
      udpClient.connect(udpServer.address().port, '127.0.0.1', resolve);
    });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
    udpServer.close();
    udpClient.close();
  });

  it('finds the process holding the server end of a TCP connection', () => {
    const owners = new SocketOwners();
    const answer = owners.resolve('tcp', remoteEnd(client), localEnd(client));
    expect(answer).toEqual({ swapped: false, process: self });
  });

  it('says when the guessed server is really the client', () => {
    const owners = new SocketOwners();
    expect(owners.resolve('tcp', localEnd(client), remoteEnd(client))).toEqual({
      swapped: true,
      process: self,
    });
    expect(owners.stats).toMatchObject({ lookups: 1, attributed: 1, swapped: 1 });
  });

  it('takes the unconnected UDP socket as the server, whichever way it is asked', () => {
    const owners = new SocketOwners();
    const serverEnd = { addr: '127.0.0.1', port: udpServer.address().port };
    const clientEnd = { addr: '127.0.0.1', port: udpClient.address().port };
    expect(owners.resolve('udp', serverEnd, clientEnd)).toEqual({ swapped: false, process: self });
    expect(owners.resolve('udp', clientEnd, serverEnd)).toEqual({ swapped: true, process: self });
  });

  it('falls back to the listener when the connection is not in /proc', () => {
    const owners = new SocketOwners();
    const listener = { addr: '127.0.0.1', port: remoteEnd(client).port };
    const answer = owners.resolve('tcp', listener, { addr: '127.0.0.1', port: 1 });
    expect(answer).toEqual({ swapped: false, process: self, provisional: true });
  });

  it('leaves a remote server unattributed, rescanning once per flow', () => {
    const owners = new SocketOwners({ minRescanMs: 0 });
    const remoteServer = { addr: '192.0.2.1', port: 80 };
    const peer = { addr: '198.51.100.7', port: 40000 };
    expect(owners.resolve('tcp', remoteServer, peer)).toEqual({ swapped: false });
    // The first lookup scans, misses, and scans again; the same flow then does not rescan.
    expect(owners.stats.scans).toBe(2);
    expect(owners.resolve('tcp', remoteServer, peer)).toEqual({ swapped: false });
    expect(owners.stats.scans).toBe(2);
    expect(owners.stats.attributed).toBe(0);
  });

  it('does not rescan on a miss sooner than minRescanMs', () => {
    const owners = new SocketOwners({ minRescanMs: 60_000 });
    owners.resolve('tcp', { addr: '192.0.2.1', port: 80 }, { addr: '198.51.100.7', port: 1 });
    owners.resolve('tcp', { addr: '192.0.2.2', port: 80 }, { addr: '198.51.100.7', port: 2 });
    expect(owners.stats.scans).toBe(1);
  });
});

describe('socket owners of a server that forks per connection', () => {
  let server: ForkingServer;

  beforeAll(async () => {
    server = await ForkingServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  it('finds the child a connection was handed to, among the listener holder’s children', async () => {
    const owners = new SocketOwners();
    const { clientEnd, child } = await server.connect();
    // The first scan already shows the child: resolve names it, no hand-over to look for.
    expect(owners.resolve('tcp', server.endpoint, clientEnd).process?.pid).toBe(child.pid);
    expect(owners.handedOver(server.endpoint, clientEnd)?.pid).toBe(child.pid);
  });

  it('answers with the listener until then, and finds the child without a full scan', async () => {
    const owners = new SocketOwners();
    const before = await server.connect();
    owners.resolve('tcp', server.endpoint, before.clientEnd); // the view predates the next one
    const { clientEnd, child } = await server.connect();
    const answer = owners.resolve('tcp', server.endpoint, clientEnd);
    expect(answer).toEqual({ swapped: false, process: self, provisional: true });
    const handed = owners.handedOver(server.endpoint, clientEnd);
    expect(handed?.pid).toBe(child.pid);
    expect(handed?.startTicks).toBeGreaterThan(0);
    expect(owners.stats.scans).toBe(1);
  });

  it('keeps to its table read rate, answering from the last read beyond it', async () => {
    const owners = new SocketOwners({ tableReadsPerSecond: 0.01 }); // the first read, then none
    const first = await server.connect();
    owners.resolve('tcp', server.endpoint, first.clientEnd);
    expect(owners.handedOver(server.endpoint, first.clientEnd)?.pid).toBe(first.child.pid);
    const later = await server.connect();
    await new Promise((resolve) => setTimeout(resolve, 20)); // past the one-batch reuse
    // No read left, and the table was read before `later` existed.
    expect(owners.handedOver(server.endpoint, later.clientEnd)).toBeUndefined();
  });
});
