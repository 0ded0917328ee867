/**
 * Which end of a flow is the server, when the capture does not say (no SYN seen, or UDP).
 * Ports are the only evidence, so the rules go from strongest to weakest:
 *
 * 1. exactly one port is a well-known service port (53, 80, 3306, 5432, ...): that side;
 * 2. exactly one port is below 1024 (privileged): that side;
 * 3. exactly one port is in the ephemeral range (>= 32768, Linux and IANA): the other side;
 * 4. the lower port;
 * 5. equal ports: the receiver of the first packet seen (the caller decides which that is).
 */
import type { Endpoint } from '../../stream/types.js';

const SERVICE_PORTS = new Set([
  21, 22, 25, 53, 80, 110, 143, 389, 443, 445, 587, 636, 853, 993, 995, 1433, 1521, 2375, 2376,
  2379, 3000, 3306, 4222, 5000, 5353, 5432, 5672, 6379, 8000, 8008, 8080, 8443, 8888, 9000, 9042,
  9090, 9092, 9200, 11211, 27017,
]);
const EPHEMERAL_FROM = 32768;

/** True when `a` is the server side of the flow between `a` and `b`; undefined on a tie. */
export function isServerByPort(a: Endpoint, b: Endpoint): boolean | undefined {
  const service = SERVICE_PORTS.has(a.port);
  if (service !== SERVICE_PORTS.has(b.port)) return service;
  const privileged = a.port < 1024;
  if (privileged !== b.port < 1024) return privileged;
  const notEphemeral = a.port < EPHEMERAL_FROM;
  if (notEphemeral !== b.port < EPHEMERAL_FROM) return notEphemeral;
  if (a.port === b.port) return undefined;
  return a.port < b.port;
}
