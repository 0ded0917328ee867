import type { ProtocolSpec } from './common/types.js';
import { dnsSpec } from './dns/index.js';
import { httpSpec } from './http/index.js';

/**
 * The protocols the connection tracker tries on a new connection's first bytes, in order:
 * the most specific detectors first, so a loose one never claims another's traffic.
 */
export const PROTOCOL_SPECS: readonly ProtocolSpec[] = [httpSpec, dnsSpec];
