import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkingServer, unusedPort } from '../../../../../test/live/forking-server.js';
import { SocketOwners } from '../../../proc/sockets/socket-owners.js';
import type { ConnOpen, Direction, Endpoint, StreamEvent } from '../../../stream/types.js';
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

describe('server attribution when the server forks per connection', () => {
  let server: ForkingServer;

  beforeAll(async () => {
    server = await ForkingServer.start();
  });

  afterAll(async () => {
    await server.close();
  });

  const opened = (connId: number, client: Endpoint): ConnOpen => ({
    kind: 'open',
    connId,
    timeNs: 1n,
    transport: 'tcp',
    role: 2,
    local: server.endpoint,
    remote: client,
  });
  const chunk = (connId: number, direction: Direction, size = 3): StreamEvent => ({
    kind: 'data',
    connId,
    direction,
    offset: 0,
    length: size,
    timeNs: 2n,
    data: new Uint8Array(size),
  });

  it('holds a connection until the server first sends, then names the child serving it', async () => {
    const attribution = new ServerAttribution(new SocketOwners());
    const clientPort = await unusedPort();
    const clientEnd = { addr: '127.0.0.1', port: clientPort };
    // Seen at the SYN, before the server accepted: only the listener is known.
    expect(attribution.enrich([opened(1, clientEnd)])).toEqual([]);
    const { child } = await server.connect(clientPort);
    expect(attribution.enrich([chunk(1, 'ingress')])).toEqual([]);
    const released = attribution.enrich([chunk(1, 'egress')]);
    expect(released.map((e) => e.kind)).toEqual(['open', 'data', 'data']);
    expect(released[0]).toHaveProperty('process.pid', child.pid);
    expect(released.slice(1)).toMatchObject([{ direction: 'ingress' }, { direction: 'egress' }]);
  });

  it('releases a held connection at its close, or past its byte limit, with the listener', () => {
    const attribution = new ServerAttribution(new SocketOwners());
    const never = { addr: '127.0.0.1', port: 1 };
    expect(attribution.enrich([opened(2, never), opened(3, { ...never, port: 2 })])).toEqual([]);
    const closed = attribution.enrich([{ kind: 'close', connId: 2, timeNs: 3n }]);
    expect(closed.map((e) => e.kind)).toEqual(['open', 'close']);
    expect(closed[0]).toHaveProperty('process.pid', process.pid);
    const flooded = attribution.enrich([chunk(3, 'ingress', 16 * 1024)]);
    expect(flooded.map((e) => e.kind)).toEqual(['open', 'data']);
    expect(flooded[0]).toHaveProperty('process.pid', process.pid);
  });
});
