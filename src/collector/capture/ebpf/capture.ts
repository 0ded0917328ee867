/**
 * eBPF capture: loads the socket tracer and turns its ring-buffer batches into stream events.
 *
 *   const capture = EbpfCapture.start({ onEvents: (events) => tracker.push(events) });
 *   ...
 *   const stats = await capture.stop();
 */
import { tmpdir } from 'node:os';
import { filtersProblem, NO_FILTERS, type CaptureFilters } from '../../live/capture-filters.js';
import type { StreamEvent } from '../../stream/types.js';
import { RecordDecoder, type DecoderStats } from './decode.js';
import { explainStartError, loadEbpfAddon, EbpfUnavailableError } from './load.js';
import type { NativeAddon, NativeStats, NativeTracer } from './native.js';

export interface EbpfCaptureOptions {
  /** Bytes captured per syscall (or per datagram); the rest becomes a gap. Default 16 KiB. */
  readonly maxCaptureBytes?: number;
  /** Ring buffer size: a power of two, at least a page. Default 16 MiB. */
  readonly ringBufferBytes?: number;
  /** Where the verifier log is written when loading fails. Default: the OS temp dir. */
  readonly logDir?: string;
  /** What to keep, decided in the kernel. Default: everything. */
  readonly filters?: CaptureFilters;
  /**
   * Receives the events of each batch in ring-buffer (global time) order, on the JS thread.
   * An exception thrown here is not caught.
   */
  readonly onEvents: (events: StreamEvent[]) => void;
}

export interface EbpfCaptureStats extends NativeStats {
  readonly decoder: Readonly<DecoderStats>;
}

export const DEFAULT_MAX_CAPTURE_BYTES = 16 * 1024;
export const DEFAULT_RING_BUFFER_BYTES = 16 * 1024 * 1024;

export class EbpfCapture {
  private stopping: Promise<EbpfCaptureStats> | null = null;

  private constructor(
    private readonly tracer: NativeTracer,
    private readonly decoder: RecordDecoder,
  ) {}

  /** Loads and attaches the BPF program. Throws EbpfUnavailableError saying what is missing. */
  static start(options: EbpfCaptureOptions): EbpfCapture {
    const addon = loadEbpfAddon();
    const maxCaptureBytes = options.maxCaptureBytes ?? DEFAULT_MAX_CAPTURE_BYTES;
    const ringBufferBytes = options.ringBufferBytes ?? DEFAULT_RING_BUFFER_BYTES;
    const filters = options.filters ?? NO_FILTERS;
    checkOptions(maxCaptureBytes, ringBufferBytes, addon.maxCaptureBytes);
    checkFilters(filters, addon);
    const decoder = new RecordDecoder({
      clockOffsetNs: addon.clockOffsetNs(),
      ticksPerSecond: addon.clockTicksPerSecond,
    });
    const tracer = new addon.Tracer();
    const onBatch = (batch: Uint8Array): void => {
      options.onEvents(decoder.decodeBatch(batch));
    };
    try {
      tracer.start(
        { maxCaptureBytes, ringBufferBytes, logDir: options.logDir ?? tmpdir(), ...filters },
        onBatch,
      );
    } catch (error) {
      throw explainStartError(error);
    }
    return new EbpfCapture(tracer, decoder);
  }

  stats(): EbpfCaptureStats {
    return { ...this.tracer.stats(), decoder: { ...this.decoder.stats } };
  }

  /** Delivers the events still in the ring buffer, then detaches. Safe to call twice. */
  stop(): Promise<EbpfCaptureStats> {
    this.stopping ??= this.tracer
      .stop()
      .then((native) => ({ ...native, decoder: { ...this.decoder.stats } }));
    return this.stopping;
  }
}

function checkOptions(
  maxCaptureBytes: number,
  ringBufferBytes: number,
  captureLimit: number,
): void {
  const isPowerOfTwo = Number.isInteger(Math.log2(ringBufferBytes));
  if (!Number.isInteger(maxCaptureBytes) || maxCaptureBytes < 0 || maxCaptureBytes > captureLimit) {
    throw new EbpfUnavailableError(
      `maxCaptureBytes must be an integer from 0 to ${captureLimit}, not ${maxCaptureBytes}`,
      'EBPF_OPTIONS',
    );
  }
  if (!isPowerOfTwo || ringBufferBytes < 4096 || ringBufferBytes > 2 ** 30) {
    throw new EbpfUnavailableError(
      `ringBufferBytes must be a power of two from 4 KiB to 1 GiB, not ${ringBufferBytes}`,
      'EBPF_OPTIONS',
    );
  }
}

function checkFilters(filters: CaptureFilters, addon: NativeAddon): void {
  const problem = filtersProblem(filters);
  if (problem !== undefined) {
    throw new EbpfUnavailableError(`bad capture filter: ${problem}`, 'EBPF_OPTIONS');
  }
  if (addon.maxFilterValues === undefined) {
    throw new EbpfUnavailableError(
      'the eBPF addon was built before capture filters existed',
      'EBPF_ABI',
      'rebuild it with native/build.sh',
    );
  }
}
