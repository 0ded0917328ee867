/** Reads the public capture corpus and its tshark expectations (test/fixtures/pcaps). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_PARSER_OPTIONS,
  type ProtocolRecord,
  type ProtocolSpec,
} from '../../src/collector/protocols/common/types.js';
import { replay, tcpConversations } from './tshark-tcp.js';

const ROOT = fileURLToPath(new URL('../fixtures/pcaps/', import.meta.url));

export interface Expectation<R> {
  readonly file: string;
  readonly ports: { readonly server: readonly number[] };
  readonly records: readonly R[];
}

export function loadExpectation<R>(path: string): Expectation<R> {
  return JSON.parse(
    readFileSync(`${ROOT}${path.replace(/\.pcap(ng)?$/, '')}.expected.json`, 'utf8'),
  ) as Expectation<R>;
}

/** px's records for each TCP stream of a capture, keyed by tshark's stream index. */
export function recordsByStream(
  path: string,
  spec: ProtocolSpec,
  serverPort: number,
): Map<number, ProtocolRecord[]> {
  const out = new Map<number, ProtocolRecord[]>();
  for (const conv of tcpConversations(`${ROOT}${path}`, serverPort)) {
    out.set(conv.stream, replay(spec.createConnection(DEFAULT_PARSER_OPTIONS), conv));
  }
  return out;
}
