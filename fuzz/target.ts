import type { ParserOptions } from '../src/collector/protocols/common/types.js';
import type { Store } from '../src/store/index.js';
import type { Rng } from './rng.js';

/** What one case did, for the runner's counters. */
export interface CaseStats {
  /** Input bytes fed to the code under test. */
  readonly bytes: number;
  readonly records: number;
  /** What the parser or tracker held at its fullest point that was measured (see retained.ts). */
  readonly retainedBytes: number;
}

/** One generated input, ready to run; all its randomness was drawn when it was planned. */
export interface FuzzCase {
  /** Runs the input and its checks; throws (a CheckFailure or the code's own error) on failure. */
  run(store: Store): CaseStats;
  /** The input in words and hex, for a failure report. */
  describe(): string;
}

export interface FuzzTarget {
  readonly name: string;
  /** One line for --help. */
  readonly about: string;
  plan(rng: Rng): FuzzCase;
}

/** Parser limits for one case: small ones make the caps bite on corpus-sized inputs. */
export function pickParserOptions(rng: Rng): ParserOptions {
  return {
    maxBufferBytes: rng.pick([64, 512, 4096, 65536]),
    maxBodyBytes: rng.pick([0, 16, 256, 4096]),
  };
}

/** Bytes as hex, cut at `max` bytes. */
export function hex(data: Uint8Array, max = 256): string {
  const shown = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, max)).toString(
    'hex',
  );
  return data.length > max ? `${shown}... (${data.length} bytes)` : shown;
}

/** A time on the capture clock: mostly forward, sometimes still, sometimes back. */
export function nextTime(rng: Rng, timeNs: bigint): bigint {
  if (rng.chance(0.02)) return timeNs - BigInt(rng.int(1_000_000_000));
  if (rng.chance(0.002)) return timeNs + 10n ** 12n * BigInt(rng.int(1000));
  return timeNs + BigInt(rng.int(5_000_000));
}

/** A starting time: a realistic epoch time, or one of the clock's extremes. */
export function startTime(rng: Rng): bigint {
  return rng.pick([1_700_000_000_000_000_000n, 0n, 1n, 2n ** 63n - 10n ** 12n]);
}
