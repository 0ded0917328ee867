import type { ProtocolSpec } from '../common/types.js';
import { detectDnsTcp } from './detect.js';
import { DnsTcpConnection } from './tcp-connection.js';

/**
 * DNS over TCP as a connection protocol. UDP datagrams do not go through this spec: use
 * `detectDnsDatagram` and a `DnsDatagramStitcher`.
 */
export const dnsSpec: ProtocolSpec = {
  name: 'dns',
  table: 'dns_events',
  detect: detectDnsTcp,
  createConnection: (options) => new DnsTcpConnection(options),
};
