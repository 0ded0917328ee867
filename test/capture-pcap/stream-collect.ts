/** Groups stream events by connection, for assertions on what a capture reassembled to. */
import type {
  ConnOpen,
  DataChunk,
  Datagram,
  Direction,
  StreamEvent,
} from '../../src/collector/stream/types.js';
import { concat } from './packet-builder.js';

/** Contiguous bytes of one direction; a new run starts wherever the offset jumps. */
export interface Run {
  readonly offset: number;
  readonly data: Uint8Array;
}

export interface CollectedConnection {
  readonly open: ConnOpen;
  readonly chunks: Record<Direction, DataChunk[]>;
  closed: boolean;
}

export interface Collected {
  /** In order of their ConnOpen. */
  readonly connections: CollectedConnection[];
  readonly datagrams: Datagram[];
  /** Problems with the event sequence itself (data before open, events after close, ...). */
  readonly violations: string[];
}

export function collect(events: readonly StreamEvent[]): Collected {
  const byId = new Map<number, CollectedConnection>();
  const connections: CollectedConnection[] = [];
  const datagrams: Datagram[] = [];
  const violations: string[] = [];
  for (const event of events) {
    if (event.kind === 'datagram') {
      datagrams.push(event);
      continue;
    }
    const known = byId.get(event.connId);
    if (event.kind === 'open') {
      if (known !== undefined) violations.push(`conn ${event.connId} opened twice`);
      const connection = { open: event, chunks: { ingress: [], egress: [] }, closed: false };
      byId.set(event.connId, connection);
      connections.push(connection);
    } else if (known === undefined || known.closed) {
      violations.push(`${event.kind} for conn ${event.connId} that is not open`);
    } else if (event.kind === 'close') {
      known.closed = true;
    } else {
      known.chunks[event.direction].push(event);
    }
  }
  for (const c of connections) if (!c.closed) violations.push(`conn ${c.open.connId} never closed`);
  return { connections, datagrams, violations };
}

/** Merges a direction's chunks into runs, checking offsets never go backwards or overlap. */
export function runs(chunks: readonly DataChunk[]): Run[] {
  const out: { offset: number; parts: Uint8Array[]; end: number; sealed: boolean }[] = [];
  for (const chunk of chunks) {
    const last = out.at(-1);
    if (last !== undefined && chunk.offset < last.end) {
      throw new Error(`chunk at ${chunk.offset} overlaps bytes up to ${last.end}`);
    }
    // A chunk captured only in part ends its run: the bytes after its data are missing.
    const sealed = chunk.data.length < chunk.length;
    if (last !== undefined && chunk.offset === last.end && !last.sealed) {
      last.parts.push(chunk.data);
      last.end += chunk.length;
      last.sealed = sealed;
    } else {
      const end = chunk.offset + chunk.length;
      out.push({ offset: chunk.offset, parts: [chunk.data], end, sealed });
    }
  }
  return out.map((r) => ({ offset: r.offset, data: concat(...r.parts) }));
}

/** All bytes of one direction, gaps ignored. */
export function streamBytes(chunks: readonly DataChunk[]): Uint8Array {
  return concat(...chunks.map((c) => c.data));
}

export function text(data: Uint8Array): string {
  return new TextDecoder().decode(data);
}
