/**
 * Capture files (pcap, pcapng) to stream-model events: the entry point for `px run --pcap`.
 * The file is read in chunks, so memory stays bounded by the chunk size plus what TCP
 * reassembly holds, whatever the file size.
 */
import { open } from 'node:fs/promises';
import { emptyCaptureStats } from './capture-stats.js';
import type { CaptureStats } from './capture-stats.js';
import { FrameReader } from './frame-reader.js';
import { PacketHeaders, countPacket, readPacket } from './packet-decoder.js';
import type { ShardFilter } from './flow-shards.js';
import { FrameSlot } from './record-format.js';
import type { RawFrame } from './record-format.js';
import { DEFAULT_TCP_REASSEMBLY_OPTIONS, TcpReassembler } from './tcp-reassembly.js';
import type { TcpReassemblyOptions } from './tcp-reassembly.js';
import { UdpFlows } from './udp-flows.js';
import type { StreamEvent } from '../../stream/types.js';

export interface CaptureReadOptions {
  /** Bytes read from the file at a time (default 1 MiB); each read yields one batch. */
  readonly chunkBytes?: number;
  readonly tcp?: Partial<TcpReassemblyOptions>;
  /** Only this shard's flows are reassembled and turned into events (see FlowShards). */
  readonly shard?: ShardFilter;
}

const DEFAULT_CHUNK_BYTES = 1024 * 1024;

/** Capture bytes, pushed in chunks of any size, to stream events. Never throws on bad input. */
export class CaptureDecoder {
  readonly stats: CaptureStats = emptyCaptureStats();
  private readonly frameReader = new FrameReader(this.stats);
  private readonly tcp: TcpReassembler;
  private readonly udp = new UdpFlows();
  /** Reused for every frame: decoding allocates only what the events keep. */
  private readonly headers = new PacketHeaders();
  private readonly frame = new FrameSlot();
  private readonly shard: ShardFilter | undefined;
  private nextConnId = 1;
  private latest: bigint | null = null;

  constructor(options: CaptureReadOptions = {}) {
    this.shard = options.shard;
    this.tcp = new TcpReassembler(this.stats.tcp, () => this.nextConnId++, {
      ...DEFAULT_TCP_REASSEMBLY_OPTIONS,
      ...options.tcp,
    });
  }

  /** The latest frame time so far, Unix ns (null before the first frame). */
  get latestTimeNs(): bigint | null {
    return this.latest;
  }

  /** Events completed by this chunk of the file. */
  push(chunk: Uint8Array): StreamEvent[] {
    this.frameReader.push(chunk);
    const out: StreamEvent[] = [];
    // One reused slot rather than a frame object per record: the file's hottest loop.
    while (this.frameReader.nextInto(this.frame)) this.decodeFrame(this.frame, out);
    return out;
  }

  /**
   * A frame that arrived on its own rather than inside a file (live capture): counted like a
   * file record, then decoded. Appends the events it completes to `out`.
   */
  pushFrame(frame: RawFrame, out: StreamEvent[]): void {
    this.stats.frames++;
    this.stats.capturedBytes += frame.data.length;
    this.decodeFrame(this.frame.hold(frame), out);
  }

  /**
   * Live capture: time passes even when no packet arrives, so held bytes and idle connections
   * expire on the clock too. `nowNs` is on the frames' clock.
   */
  advance(nowNs: bigint): StreamEvent[] {
    const out: StreamEvent[] = [];
    this.tcp.advance(nowNs, out);
    return out;
  }

  /** The file has ended: the remaining held bytes and a close for every open connection. */
  end(): StreamEvent[] {
    this.frameReader.end();
    return this.closeAll();
  }

  /** The input has ended without a file (live capture stopped): held bytes, then closes. */
  closeAll(): StreamEvent[] {
    const out: StreamEvent[] = [];
    this.tcp.finish(out);
    return out;
  }

  /** Header positions are in `frame.bytes`, which may hold other records too. */
  private decodeFrame(frame: FrameSlot, out: StreamEvent[]): void {
    const h = this.headers;
    const { bytes, timeNs } = frame;
    const kind = readPacket(frame.linkType, bytes, h, frame.start, frame.end);
    countPacket(kind, h, this.stats);
    if (this.latest === null || timeNs > this.latest) this.latest = timeNs;
    if (kind !== 'tcp' && kind !== 'udp') return;
    if (this.shard !== undefined && !this.shard.owns(bytes, h, timeNs)) return;
    if (kind === 'tcp') {
      this.tcp.segment(bytes, h, timeNs, out);
    } else {
      out.push(this.udp.datagram(bytes, h, timeNs));
    }
  }
}

/** A whole capture already in memory. */
export function decodeCaptureBytes(
  bytes: Uint8Array,
  options: CaptureReadOptions = {},
): { events: StreamEvent[]; stats: CaptureStats } {
  const decoder = new CaptureDecoder(options);
  const events = decoder.push(bytes);
  for (const event of decoder.end()) events.push(event);
  return { events, stats: decoder.stats };
}

export interface CaptureFile extends AsyncIterable<StreamEvent[]> {
  /** Counters so far; final once iteration has finished. */
  readonly stats: CaptureStats;
  /** The latest frame time read so far, Unix ns (null before the first frame). */
  readonly latestTimeNs: bigint | null;
}

/**
 * Reads a capture file as batches of events (one per chunk read, then one for the end). Bad packets are counted in
 * `stats`; only I/O errors (a missing or unreadable file) reject the iteration.
 */
export function readCaptureFile(path: string, options: CaptureReadOptions = {}): CaptureFile {
  const decoder = new CaptureDecoder(options);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  return {
    stats: decoder.stats,
    get latestTimeNs() {
      return decoder.latestTimeNs;
    },
    async *[Symbol.asyncIterator]() {
      const file = await open(path, 'r');
      // A fresh buffer per read: events hold views into it, so it must never be reused.
      const readChunk = async (): Promise<Uint8Array> => {
        const buffer = Buffer.allocUnsafe(chunkBytes);
        const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
        // Plain Uint8Array views: every packet is cut into several, and a Buffer's cost more.
        return new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead);
      };
      // The next chunk is read while this one is decoded and parsed, so the disk (or the page
      // cache) and the parsers work at the same time.
      let next = readChunk();
      try {
        for (;;) {
          const chunk = await next;
          if (chunk.length === 0) break;
          next = readChunk();
          // Yielded even when empty: readers of one file's shards then see the same chunks.
          yield decoder.push(chunk);
        }
      } finally {
        await next.catch(() => undefined); // a read still in flight when iteration stops early
        await file.close();
      }
      yield decoder.end();
    },
  };
}
