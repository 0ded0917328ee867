/**
 * Drives a protocol connection from a script of segments, and re-cuts that script: at every
 * byte boundary, or one byte per read. A parser must give the same records however the bytes
 * are cut, since reads and TCP segments fall anywhere.
 */
import type {
  MessageSide,
  ProtocolConnection,
  ProtocolRecord,
} from '../../src/collector/protocols/common/types.js';

export interface Segment {
  readonly side: MessageSide;
  readonly data: Uint8Array;
  readonly timeNs: bigint;
}

/** Segments with times 1000, 2000, ... in script order. */
export function script(...steps: [MessageSide, Uint8Array][]): Segment[] {
  return steps.map(([side, data], i) => ({ side, data, timeNs: BigInt((i + 1) * 1000) }));
}

export function run(
  conn: ProtocolConnection,
  segments: readonly Segment[],
  close = true,
): ProtocolRecord[] {
  for (const s of segments) conn.onData(s.side, s.data, s.timeNs);
  if (close) conn.onClose((segments.at(-1)?.timeNs ?? 0n) + 1n);
  const out: ProtocolRecord[] = [];
  conn.drain(out);
  return out;
}

/** Every way of cutting one segment of the script in two (each cut keeps the segment's time). */
export function* everySplit(segments: readonly Segment[]): Generator<Segment[]> {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (!s) continue;
    for (let cut = 1; cut < s.data.length; cut++) {
      yield [
        ...segments.slice(0, i),
        { ...s, data: s.data.subarray(0, cut) },
        { ...s, data: s.data.subarray(cut) },
        ...segments.slice(i + 1),
      ];
    }
  }
}

/** The script fed one byte per read. */
export function byteByByte(segments: readonly Segment[]): Segment[] {
  return segments.flatMap((s) =>
    Array.from(s.data, (_, i) => ({ ...s, data: s.data.subarray(i, i + 1) })),
  );
}

/** The values of records, for comparing runs. */
export const valuesOf = (records: readonly ProtocolRecord[]): Record<string, unknown>[] =>
  records.map((r) => ({ timeNs: r.timeNs, ...r.values }));
