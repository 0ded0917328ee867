/**
 * The native addon's interface (native/addon/*.cc) and the one place that loads it.
 */
import { createRequire } from 'node:module';

/** Counters of the kernel side (summed over CPUs) and of the addon's reader thread. */
export interface NativeStats {
  /** Records the ring buffer had no room for: lost events. */
  readonly ringbufDrops: number;
  /** User memory the BPF program could not read: records sent without their bytes. */
  readonly readErrors: number;
  /** Messages with more iovecs than the program inspects (their tail is a gap). */
  readonly iovLimit: number;
  /** sendmmsg/recvmmsg calls with more messages than the program inspects. */
  readonly mmsgLimit: number;
  readonly connTableFull: number;
  /** fds seen on a new socket before their old one's close (a close was missed). */
  readonly staleConns: number;
  readonly records: number;
  readonly bytes: number;
  readonly batches: number;
  /** errno of a failed ring-buffer poll that ended the reader thread, else 0. */
  readonly pollErrno: number;
  readonly running: boolean;
}

export interface NativeStartOptions {
  readonly maxCaptureBytes?: number;
  readonly ringBufferBytes?: number;
  readonly logDir?: string;
  /** Capture filters, applied in the kernel (native/bpf/px_filter.bpf.h); empty = all. */
  readonly pids?: readonly number[];
  readonly processNames?: readonly string[];
  readonly ports?: readonly number[];
}

export interface NativeTracer {
  /** Opens, loads and attaches; then batches arrive on the JS thread. Throws NativeStepError. */
  start(options: NativeStartOptions, onBatch: (batch: Uint8Array) => void): void;
  /** Drains what is left, delivers it, detaches; resolves with the final counters. */
  stop(): Promise<NativeStats>;
  stats(): NativeStats;
}

export interface NativeAddon {
  readonly Tracer: new () => NativeTracer;
  /** CLOCK_REALTIME − CLOCK_MONOTONIC, in ns. */
  clockOffsetNs(): bigint;
  readonly abiVersion: number;
  readonly chunkBytes: number;
  readonly maxCaptureBytes: number;
  readonly clockTicksPerSecond: number;
  /** Values per capture filter; absent in addons built before filters existed. */
  readonly maxFilterValues?: number;
}

/** What the addon throws when a step of start() fails. */
export interface NativeStepError extends Error {
  /** "open", "configure …", "load <program>", "attach <section>", "open ring buffer". */
  readonly step: string;
  readonly errno: number;
  readonly code?: string;
  /** libbpf's last messages. */
  readonly detail: string;
  /** The verifier log of a failed load. */
  readonly verifierLog?: string;
}

export function isNativeStepError(error: unknown): error is NativeStepError {
  return error instanceof Error && typeof (error as Partial<NativeStepError>).step === 'string';
}

/** Loads the addon at `path`; throws when it is not a px_ebpf addon. */
export function requireAddon(path: string): NativeAddon {
  const loaded: unknown = createRequire(import.meta.url)(path);
  if (!isAddon(loaded)) throw new Error(`${path} is not the px eBPF addon`);
  return loaded;
}

function isAddon(value: unknown): value is NativeAddon {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof NativeAddon, unknown>>;
  return (
    typeof v.Tracer === 'function' &&
    typeof v.clockOffsetNs === 'function' &&
    typeof v.abiVersion === 'number' &&
    typeof v.clockTicksPerSecond === 'number'
  );
}
