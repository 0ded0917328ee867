/**
 * Turns file bytes, delivered in chunks of any size, into raw frames. It recognises pcap and
 * pcapng by their magic numbers, buffers only the record currently being assembled, and never
 * throws: a corrupt file stops the reader and is reported in the stats.
 */
import { ByteQueue } from './byte-queue.js';
import type { CaptureStats } from './capture-stats.js';
import { PCAP_FILE_HEADER_BYTES, isPcapMagic, openPcap } from './pcap-file.js';
import { isPcapngMagic, openPcapng } from './pcapng-file.js';
import type { RawFrame, RecordFormat } from './record-format.js';

export class FrameReader {
  private readonly queue = new ByteQueue();
  private format: RecordFormat | undefined;
  private stopped = false;

  constructor(private readonly stats: CaptureStats) {}

  push(chunk: Uint8Array): void {
    if (!this.stopped) this.queue.push(chunk);
  }

  /** Yields every frame that the bytes pushed so far complete. */
  *frames(): Generator<RawFrame> {
    while (!this.stopped) {
      const format = this.format ?? this.openFormat();
      if (format === undefined) return;
      const header = this.queue.peek(format.headerBytes);
      if (header === undefined) return;
      const length = format.unitLength(header);
      if (typeof length === 'string') {
        this.stop(length);
        return;
      }
      const unit = this.queue.take(length);
      if (unit === undefined) return;
      const decoded = format.decode(unit);
      if (decoded === 'malformed') {
        this.stats.malformed++;
      } else if (decoded !== undefined) {
        this.stats.frames++;
        this.stats.capturedBytes += decoded.data.length;
        yield decoded;
      }
    }
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
