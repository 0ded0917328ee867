import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../stream/types.js';
import { encodeEvents } from './wire.js';
import { decodeEvents } from './wire-decode.js';

describe('event wire format', () => {
  it('round-trips every event kind exactly', () => {
    const events: StreamEvent[] = [
      {
        kind: 'open',
        connId: 7,
        timeNs: 1_732_456_789_123_456_789n,
        transport: 'tcp',
        role: 2,
        local: { addr: '10.0.0.5', port: 8080 },
        remote: { addr: '2001:db8::1', port: 40000 },
        process: { pid: 4242, startTicks: 98765 },
        fd: 12,
      },
      {
        kind: 'open',
        connId: 8,
        timeNs: 1n,
        transport: 'udp',
        role: 4,
        local: { addr: '-', port: 0 },
        remote: { addr: 'ü', port: 1 },
      },
      {
        kind: 'data',
        connId: 7,
        direction: 'ingress',
        offset: 2 ** 40,
        length: 10,
        timeNs: 2n,
        data: Uint8Array.of(1, 2, 3),
      },
      {
        kind: 'datagram',
        direction: 'egress',
        timeNs: 3n,
        length: 9000,
        local: { addr: '127.0.0.1', port: 5353 },
        remote: { addr: '127.0.0.53', port: 53 },
        role: 1,
        data: new Uint8Array(0),
        process: { pid: 1, startTicks: 2 },
      },
      { kind: 'close', connId: 7, timeNs: -5n },
    ];
    expect(decodeEvents(encodeEvents(events))).toEqual(events);
  });

  it('grows its buffer for large payloads', () => {
    const data = new Uint8Array(100_000).map((_, i) => i & 0xff);
    const [event] = decodeEvents(
      encodeEvents([
        {
          kind: 'data',
          connId: 1,
          direction: 'egress',
          offset: 0,
          length: data.length,
          timeNs: 0n,
          data,
        },
      ]),
    );
    expect(event?.kind === 'data' && event.data).toEqual(data);
  });
});
