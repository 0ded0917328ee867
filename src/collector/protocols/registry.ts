import type { ProtocolSpec } from './common/types.js';
import { dnsSpec } from './dns/index.js';
import { httpSpec } from './http/index.js';
import { mysqlSpec } from './mysql/index.js';
import { pgsqlSpec } from './pgsql/index.js';

/**
 * The protocols the connection tracker tries on a new connection's first bytes, in order.
 * Detectors look at message shapes, never at ports; the most specific go first, so a loose
 * one (DNS over TCP's 2-byte length) never claims another's traffic.
 */
export const PROTOCOL_SPECS: readonly ProtocolSpec[] = [httpSpec, pgsqlSpec, mysqlSpec, dnsSpec];
