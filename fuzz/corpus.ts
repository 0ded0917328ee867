/**
 * The fuzzer's seeds: real traffic from the public captures in test/fixtures/pcaps, read the
 * way `px run --pcap` reads them (CaptureDecoder), then cut three ways: each capture's raw bytes
 * and stream events (for the capture front end and the tracker), each TCP connection's
 * segments with the side they belong to (for one protocol's parser), and every DNS message
 * (UDP payloads, and the length-prefixed messages of DNS over TCP) for the datagram path.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeCaptureBytes } from '../src/collector/capture/pcap/capture-file.js';
import type { MessageSide, ProtocolSpec } from '../src/collector/protocols/common/types.js';
import type { ConnId, Direction, StreamEvent, StreamRole } from '../src/collector/stream/types.js';

export type ProtocolName = ProtocolSpec['name'];

export const PROTOCOL_NAMES: readonly ProtocolName[] = ['http', 'mysql', 'pgsql', 'dns'];

/** Where the captures live, relative to the repository root. */
export const DEFAULT_PCAP_DIR = 'test/fixtures/pcaps';

/** One TCP segment's payload, as the side of the exchange that sent it. */
export interface Segment {
  readonly side: MessageSide;
  readonly data: Uint8Array;
}

/** One TCP connection's payload in capture order. */
export interface Conversation {
  readonly source: string;
  readonly protocol: ProtocolName;
  readonly segments: readonly Segment[];
}

export interface Capture {
  readonly source: string;
  readonly protocol: ProtocolName;
  /** The file as stored: pcap or pcapng. */
  readonly bytes: Uint8Array;
  readonly events: readonly StreamEvent[];
}

export interface Corpus {
  readonly captures: readonly Capture[];
  readonly conversations: ReadonlyMap<ProtocolName, readonly Conversation[]>;
  /** Whole DNS messages, without a TCP length prefix. */
  readonly dnsMessages: readonly Uint8Array[];
}

/** Reads every capture under `dir` (searched recursively) whose name starts with a protocol. */
export function loadCorpus(dir: string = DEFAULT_PCAP_DIR): Corpus {
  const captures = captureFiles(dir).flatMap((path) => {
    const protocol = protocolOf(path);
    if (protocol === undefined) return [];
    const bytes = new Uint8Array(readFileSync(path));
    return [{ source: basename(path), protocol, bytes, events: decodeCaptureBytes(bytes).events }];
  });
  const conversations = new Map<ProtocolName, Conversation[]>(PROTOCOL_NAMES.map((p) => [p, []]));
  const dnsMessages: Uint8Array[] = [];
  for (const capture of captures) {
    const found = conversationsOf(capture);
    conversations.get(capture.protocol)?.push(...found);
    if (capture.protocol !== 'dns') continue;
    for (const event of capture.events) if (event.kind === 'datagram') dnsMessages.push(event.data);
    for (const conversation of found) dnsMessages.push(...dnsOverTcpMessages(conversation));
  }
  if (captures.length === 0) throw new Error(`no protocol captures found under ${dir}`);
  return { captures, conversations, dnsMessages };
}

function captureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.pcap(ng)?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function protocolOf(path: string): ProtocolName | undefined {
  const prefix = basename(path).split('-')[0];
  return PROTOCOL_NAMES.find((p) => p === prefix);
}

/** The side a direction carries: for a capture the local end is the server unless role says 1. */
function sideOf(direction: Direction, role: StreamRole): MessageSide {
  return (direction === 'egress') === (role === 1) ? 'request' : 'response';
}

function conversationsOf(capture: Capture): Conversation[] {
  const roles = new Map<ConnId, StreamRole>();
  const segments = new Map<ConnId, Segment[]>();
  for (const event of capture.events) {
    if (event.kind === 'open') roles.set(event.connId, event.role);
    if (event.kind !== 'data' || event.data.length === 0) continue;
    const side = sideOf(event.direction, roles.get(event.connId) ?? 2);
    const list = segments.get(event.connId) ?? [];
    list.push({ side, data: event.data });
    segments.set(event.connId, list);
  }
  return [...segments.values()].map((list) => ({
    source: capture.source,
    protocol: capture.protocol,
    segments: list,
  }));
}

/** The messages of both directions of a DNS-over-TCP connection, each without its prefix. */
function dnsOverTcpMessages(conversation: Conversation): Uint8Array[] {
  const messages: Uint8Array[] = [];
  for (const side of ['request', 'response'] as const) {
    const stream = Buffer.concat(
      conversation.segments.filter((s) => s.side === side).map((s) => s.data),
    );
    for (let at = 0; at + 2 <= stream.length;) {
      const length = stream.readUInt16BE(at);
      if (length === 0 || at + 2 + length > stream.length) break;
      messages.push(new Uint8Array(stream.subarray(at + 2, at + 2 + length)));
      at += 2 + length;
    }
  }
  return messages;
}
