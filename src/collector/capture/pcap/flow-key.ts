/** String keys for endpoints and for flows, the same whichever direction a packet goes. */
import type { Endpoint } from '../../stream/types.js';

export function endpointKey(endpoint: Endpoint): string {
  return `${endpoint.addr}/${endpoint.port}`;
}

export function flowKey(a: Endpoint, b: Endpoint): string {
  const first = endpointKey(a);
  const second = endpointKey(b);
  return first < second ? `${first} ${second}` : `${second} ${first}`;
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  return a.port === b.port && a.addr === b.addr;
}
