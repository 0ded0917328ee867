import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketOwners } from '../../../proc/sockets/socket-owners.js';
import type { Endpoint, StreamEvent } from '../../../stream/types.js';
import { ServerAttribution } from './server-attribution.js';

const data = new Uint8Array([1, 2, 3]);

describe('server attribution of live packet events', () => {
  let server: Server;
  let client: Socket;
  let serverEnd: Endpoint;
  let clientEnd: Endpoint;
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
    serverEnd = { addr: '127.0.0.1', port: address.port };
    clientEnd = { addr: '127.0.0.1', port: client.localPort ?? 0 };
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

  it('adds the server process to a connection whose server was guessed right', () => {
    const attribution = new ServerAttribution(new SocketOwners());
    const open: StreamEvent = {
      kind: 'open',
      connId: 1,
      timeNs: 1n,
      transport: 'tcp',
      role: 2,
      local: serverEnd,
      remote: clientEnd,
    };
    const chunk: StreamEvent = {
      kind: 'data',
      connId: 1,
      direction: 'ingress',
      offset: 0,
      length: 3,
      timeNs: 2n,
      data,
    };
    const [opened, received] = attribution.enrich([open, chunk]);
    expect(opened).toMatchObject({ ...open, process: { pid: process.pid } });
    expect(received).toBe(chunk);
  });

  it('turns a backwards guess round: ends exchanged, directions flipped until the close', () => {
    const attribution = new ServerAttribution(new SocketOwners());
    const events = attribution.enrich([
      {
        kind: 'open',
        connId: 7,
        timeNs: 1n,
        transport: 'tcp',
        role: 2,
        local: clientEnd,
        remote: serverEnd,
      },
      { kind: 'data', connId: 7, direction: 'egress', offset: 0, length: 3, timeNs: 2n, data },
      { kind: 'close', connId: 7, timeNs: 3n },
    ]);
    expect(events[0]).toMatchObject({ local: serverEnd, remote: clientEnd });
    expect(events[0]).toHaveProperty('process.pid', process.pid);
    expect(events[1]).toMatchObject({ direction: 'ingress', offset: 0, data });
    // After the close, a new connection with the same id is not flipped.
    const [later] = attribution.enrich([
      { kind: 'data', connId: 7, direction: 'egress', offset: 0, length: 3, timeNs: 4n, data },
    ]);
    expect(later).toMatchObject({ direction: 'egress' });
  });

  it('makes the unconnected UDP socket the local end of a datagram', () => {
    const attribution = new ServerAttribution(new SocketOwners());
    const dnsServer = { addr: '127.0.0.1', port: udpServer.address().port };
    const dnsClient = { addr: '127.0.0.1', port: udpClient.address().port };
    const [query] = attribution.enrich([
      {
        kind: 'datagram',
        direction: 'egress',
        timeNs: 1n,
        length: 3,
        local: dnsClient,
        remote: dnsServer,
        role: 2,
        data,
      },
    ]);
    expect(query).toMatchObject({
      direction: 'ingress',
      local: dnsServer,
      remote: dnsClient,
      process: { pid: process.pid },
    });
  });

  it('leaves traffic between two other hosts as it was, without a process', () => {
    const attribution = new ServerAttribution(new SocketOwners());
    const datagram: StreamEvent = {
      kind: 'datagram',
      direction: 'ingress',
      timeNs: 1n,
      length: 3,
      local: { addr: '192.0.2.53', port: 53 },
      remote: { addr: '198.51.100.9', port: 40000 },
      role: 2,
      data,
    };
    expect(attribution.enrich([datagram])).toEqual([datagram]);
  });
});
