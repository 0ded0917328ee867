export { DnsDatagramStitcher } from './datagram-stitcher.js';
export { detectDnsDatagram, detectDnsTcp } from './detect.js';
export { dnsSpec } from './dns-spec.js';
export { DEFAULT_DNS_TIMEOUT_NS, DEFAULT_MAX_PENDING_QUERIES } from './pairing.js';
export type { DnsPairingOptions, DnsRowOutput } from './pairing.js';
export { DnsTcpConnection } from './tcp-connection.js';
