/**
 * Live capture with libpcap, the fallback when eBPF cannot load: frames from one or more
 * interfaces go through the same decoder and TCP reassembly as capture files, and come out as
 * stream events from the server's point of view, one batch per event-loop turn.
 *
 *   const capture = PcapLiveCapture.start({ onEvents: (events) => tracker.handle(events) });
 *   ...
 *   const stats = await capture.stop();
 *
 * Timestamps: the binding hands over no libpcap timestamps, so each frame is timed when it
 * reaches JavaScript, on a nanosecond monotonic clock anchored to the wall clock at start.
 * Frames queued in the kernel while the process was busy therefore carry late times.
 */
import { CaptureDecoder } from '../capture-file.js';
import type { CaptureStats } from '../capture-stats.js';
import type { TcpReassemblyOptions } from '../tcp-reassembly.js';
import type { StreamEvent } from '../../../stream/types.js';
import { defaultInterfaces, openDevice, type CapHandle } from './cap-binding.js';

export interface PcapLiveCaptureOptions {
  /** Default: `any` when libpcap offers it (it includes lo), else every interface that is up. */
  readonly interfaces?: readonly string[];
  /** A pcap-filter expression. Default 'tcp or udp'. */
  readonly filter?: string;
  /** Bytes kept of each frame, at most 65535 (the binding's own snap length). */
  readonly snaplen?: number;
  /** Kernel buffer per interface, which absorbs bursts between reads. Default 8 MiB. */
  readonly kernelBufferBytes?: number;
  readonly tcp?: Partial<TcpReassemblyOptions>;
  /**
   * Receives each batch of events on the JS thread, in capture order. An exception thrown here
   * is not caught.
   */
  readonly onEvents: (events: StreamEvent[]) => void;
}

export interface PcapLiveStats {
  readonly interfaces: readonly { readonly name: string; readonly linkType: number }[];
  /** Frames received from libpcap, and their captured bytes. */
  readonly packets: number;
  readonly bytes: number;
  /**
   * Frames cut short by the `snaplen` option (their missing bytes become stream gaps, as do
   * those of frames longer than 65535 bytes, which the kernel cuts without telling).
   */
  readonly truncated: number;
  /** Frames the kernel dropped: null, because the binding does not expose pcap_stats(). */
  readonly drops: null;
  readonly decoder: CaptureStats;
}

export const DEFAULT_FILTER = 'tcp or udp';
export const MAX_SNAPLEN = 65535;
/**
 * The kernel ring per interface. The `cap` binding asks for immediate delivery and a 65535-byte
 * snap length, so libpcap uses TPACKET_V2 with one 64 KiB slot per packet: 8 MiB held only 127
 * packets and lost most of a 6k req/s load between two event-loop turns. 64 MiB (about 1000
 * slots) keeps all of 10k req/s; pages are touched only as packets fill them.
 */
const DEFAULT_KERNEL_BUFFER_BYTES = 64 * 1024 * 1024;
/**
 * Events are handed on at most this often. libpcap wakes px for every few packets; a batch per
 * wake-up cost the parser worker a message, and px twice the CPU per request, for latency no
 * one sees.
 */
const BATCH_EVERY_MS = 10;
/** How often reassembly timeouts run when no packet arrives to run them. */
const CLOCK_TICK_MS = 1000;

interface Interface {
  readonly name: string;
  readonly linkType: number;
  readonly handle: CapHandle;
  /** Where the binding writes each packet of this interface, one at a time. */
  readonly buffer: Buffer;
}

/** Wall-clock nanoseconds with hrtime resolution (Date.now() alone has only milliseconds). */
function receiptClock(): () => bigint {
  const wallAtStart = BigInt(Date.now()) * 1_000_000n;
  const hrAtStart = process.hrtime.bigint();
  return () => wallAtStart + (process.hrtime.bigint() - hrAtStart);
}

export class PcapLiveCapture {
  private readonly now = receiptClock();
  private pending: StreamEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private truncated = 0;
  private stopping: Promise<PcapLiveStats> | null = null;
  private readonly ticker: NodeJS.Timeout;

  private constructor(
    private readonly interfaces: readonly Interface[],
    private readonly decoder: CaptureDecoder,
    private readonly onEvents: (events: StreamEvent[]) => void,
  ) {
    this.ticker = setInterval(() => {
      this.flush(this.decoder.advance(this.now()));
    }, CLOCK_TICK_MS);
    this.ticker.unref();
  }

  /**
   * Opens every interface and starts delivering events. Throws PcapUnavailableError (saying
   * what to do: CAP_NET_RAW, a missing interface, a bad filter) when one cannot be opened.
   */
  static start(options: PcapLiveCaptureOptions): PcapLiveCapture {
    const snaplen = Math.min(options.snaplen ?? MAX_SNAPLEN, MAX_SNAPLEN);
    if (!Number.isInteger(snaplen) || snaplen < 64) {
      throw new RangeError(`snaplen must be an integer from 64 to ${MAX_SNAPLEN}`);
    }
    const names = options.interfaces ?? defaultInterfaces();
    const filter = options.filter ?? DEFAULT_FILTER;
    const kernelBufferBytes = options.kernelBufferBytes ?? DEFAULT_KERNEL_BUFFER_BYTES;
    const opened: Interface[] = [];
    try {
      for (const name of names) {
        const buffer = Buffer.alloc(snaplen);
        const { handle, linkType } = openDevice(name, filter, kernelBufferBytes, buffer);
        opened.push({ name, linkType, handle, buffer });
      }
    } catch (error) {
      for (const { handle } of opened) handle.close();
      throw error;
    }
    const decoder = new CaptureDecoder(options.tcp === undefined ? {} : { tcp: options.tcp });
    const capture = new PcapLiveCapture(opened, decoder, options.onEvents);
    for (const device of opened) capture.listen(device);
    return capture;
  }

  stats(): PcapLiveStats {
    const { frames, capturedBytes } = this.decoder.stats;
    return {
      interfaces: this.interfaces.map(({ name, linkType }) => ({ name, linkType })),
      packets: frames,
      bytes: capturedBytes,
      truncated: this.truncated,
      drops: null,
      decoder: structuredClone(this.decoder.stats),
    };
  }

  /**
   * Lets libpcap hand over what the kernel already queued, closes the interfaces, then
   * delivers the held bytes and a close for every open connection. Safe to call twice.
   */
  stop(): Promise<PcapLiveStats> {
    this.stopping ??= this.drain().then(() => {
      clearInterval(this.ticker);
      for (const { handle } of this.interfaces) handle.close();
      this.flush(this.decoder.closeAll());
      return this.stats();
    });
    return this.stopping;
  }

  /**
   * Two check phases of the event loop always have a whole poll phase between them, in which
   * the binding reads every packet already waiting, whichever phase stop() was called from.
   */
  private async drain(): Promise<void> {
    for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  private listen(device: Interface): void {
    device.handle.on('packet', (bytes, truncated) => {
      if (truncated) this.truncated++;
      // The binding reuses the buffer for the next packet, and events keep views into frames.
      const data = Buffer.from(device.buffer.subarray(0, bytes));
      this.decoder.pushFrame({ linkType: device.linkType, timeNs: this.now(), data }, this.pending);
      this.flushTimer ??= setTimeout(() => {
        this.flush();
      }, BATCH_EVERY_MS);
    });
  }

  /** Delivers the pending events, followed by `more`. */
  private flush(more: readonly StreamEvent[] = []): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    for (const event of more) this.pending.push(event);
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.onEvents(events);
  }
}
