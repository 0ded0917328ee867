/**
 * Turns file bytes, delivered in chunks of any size, into raw frames. It recognises pcap and
 * pcapng by their magic numbers, buffers only the record currently being assembled, and never
 * throws: a corrupt file stops the reader and is reported in the stats.
 */
import { ByteQueue } from './byte-queue.js';
import type { CaptureStats } from './capture-stats.js';
import { PCAP_FILE_HEADER_BYTES, isPcapMagic, openPcap } from './pcap-file.js';
import { isPcapngMagic, openPcapng } from './pcapng-file.js';
import { FrameSlot } from './record-format.js';
import type { RawFrame, RecordFormat, UnitKind } from './record-format.js';

export class FrameReader {
  private readonly queue = new ByteQueue();
  private format: RecordFormat | undefined;
  private stopped = false;
  /** Where `next` reads frames before copying them out. */
  private readonly slot = new FrameSlot();

  constructor(private readonly stats: CaptureStats) {}

  push(chunk: Uint8Array): void {
    if (!this.stopped) this.queue.push(chunk);
  }

  /** Yields every frame that the bytes pushed so far complete. */
  *frames(): Generator<RawFrame> {
    for (let frame = this.next(); frame !== undefined; frame = this.next()) yield frame;
  }

  /** The next frame that the bytes pushed so far complete, or undefined when there is none. */
  next(): RawFrame | undefined {
    return this.nextInto(this.slot) ? this.slot.toRawFrame() : undefined;
  }

  /**
   * Puts the next frame that the bytes pushed so far complete into `into`; false when there is
   * none. The hot path: no object per frame.
   */
  nextInto(into: FrameSlot): boolean {
    while (!this.stopped) {
      const format = this.format ?? this.openFormat();
      if (format === undefined) return false;
      const length = this.unitLength(format);
      if (length === undefined) return false;
      if (typeof length === 'string') {
        this.stop(length);
        return false;
      }
      const kind = this.decodeUnit(format, length, into);
      if (kind === null) return false;
      if (kind === 'malformed') {
        this.stats.malformed++;
      } else if (kind === 'packet') {
        this.stats.frames++;
        this.stats.capturedBytes += into.end - into.start;
        return true;
      }
    }
    return false;
  }

  /** The length of the next unit, undefined while its header has not arrived. */
  private unitLength(format: RecordFormat): number | string | undefined {
    const at = this.queue.contiguous(format.headerBytes);
    if (at >= 0) return format.unitLength(this.queue.front, at);
    const header = this.queue.peek(format.headerBytes);
    return header === undefined ? undefined : format.unitLength(header, 0);
  }

  /** Takes and decodes the next unit; null while it has not arrived whole. */
  private decodeUnit(format: RecordFormat, length: number, into: FrameSlot): UnitKind | null {
    const at = this.queue.contiguous(length);
    if (at >= 0) {
      const kind = format.decode(this.queue.front, at, length, into);
      this.queue.skip(length);
      return kind;
    }
    const unit = this.queue.take(length);
    return unit === undefined ? null : format.decode(unit, 0, length, into);
  }

  /** Call once the file is exhausted: leftover bytes are a record cut short. */
  end(): void {
    if (this.stopped) return;
    if (this.format === undefined) {
      this.stop('file too short to be a capture');
      return;
    }
    this.stats.truncatedTailBytes += this.queue.length;
  }

  private openFormat(): RecordFormat | undefined {
    const magic = this.queue.peek(4);
    if (magic === undefined) return undefined;
    if (isPcapngMagic(magic)) {
      this.format = openPcapng();
    } else if (isPcapMagic(magic)) {
      const header = this.queue.take(PCAP_FILE_HEADER_BYTES);
      if (header === undefined) return undefined;
      const format = openPcap(header);
      if (typeof format === 'string') this.stop(format);
      else this.format = format;
    } else {
      this.stop('not a pcap or pcapng file (unknown magic number)');
    }
    return this.format;
  }

  private stop(reason: string): void {
    this.stopped = true;
    this.stats.formatError = reason;
  }
}
