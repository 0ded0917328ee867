/**
 * The fuzzing loop: targets take turns, case i of a target is generated from (seed, target, i)
 * alone, and the first failure stops the run with what replays it. Between cases the heap is
 * sampled: cases share nothing but a size-capped store, so it must not keep growing.
 */
import type { Store } from '../src/store/index.js';
import { CheckFailure, smallStore } from './checks.js';
import { Rng } from './rng.js';
import type { FuzzTarget } from './target.js';

export interface TargetCounts {
  cases: number;
  bytes: number;
  records: number;
  /** The most a parser, tracker or decoder held in one case (see retained.ts). */
  maxRetainedBytes: number;
  /** The slowest case: a hang or a quadratic path shows here first. */
  slowestMs: number;
  slowestIndex: number;
}

export interface Failure {
  readonly target: string;
  readonly seed: number;
  readonly index: number;
  /** check: an invariant broke; throw: the code under test threw; heap: memory kept growing. */
  readonly kind: 'check' | 'throw' | 'heap';
  readonly message: string;
  readonly stack: string;
  /** The case's input (empty for a heap failure). */
  readonly input: string;
}

export interface RunOptions {
  readonly targets: readonly FuzzTarget[];
  readonly seed: number;
  /** Cases over all targets. */
  readonly cases: number;
  /** Stop after this long even if cases remain. */
  readonly seconds?: number;
  /** Run only this case index of each target (a replay). */
  readonly only?: number;
  /** Sample the heap every this many cases; fail when it grew more than heapGrowthBytes. */
  readonly heapEvery?: number;
  readonly heapGrowthBytes?: number;
  /** Collects garbage before a heap sample, when the process allows it. */
  readonly gc?: (() => void) | undefined;
  readonly progressMs?: number;
  readonly onProgress?: (progress: Progress) => void;
}

export interface Progress {
  readonly cases: number;
  readonly elapsedMs: number;
  readonly perTarget: ReadonlyMap<string, TargetCounts>;
  /** Heap used at the last sample, and at the first (the baseline). */
  readonly heapBytes: number;
  readonly heapBaselineBytes: number;
}

export interface Summary extends Progress {
  readonly failure?: Failure;
}

/** Runs case `index` of `target`; a Failure when it threw or broke a check. */
export function runCase(
  target: FuzzTarget,
  seed: number,
  index: number,
  store: Store,
  counts: TargetCounts,
): Failure | undefined {
  const fuzzCase = target.plan(Rng.forCase(seed, target.name, index));
  const started = performance.now();
  try {
    const stats = fuzzCase.run(store);
    counts.bytes += stats.bytes;
    counts.records += stats.records;
    counts.maxRetainedBytes = Math.max(counts.maxRetainedBytes, stats.retainedBytes);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const kind = e instanceof CheckFailure ? 'check' : 'throw';
    const input = fuzzCase.describe();
    return {
      target: target.name,
      seed,
      index,
      kind,
      message: e.message,
      stack: e.stack ?? '',
      input,
    };
  } finally {
    const ms = performance.now() - started;
    counts.cases++;
    if (ms > counts.slowestMs) {
      counts.slowestMs = ms;
      counts.slowestIndex = index;
    }
  }
  return undefined;
}

export function emptyCounts(): TargetCounts {
  return { cases: 0, bytes: 0, records: 0, maxRetainedBytes: 0, slowestMs: 0, slowestIndex: -1 };
}

function heapUsed(gc: (() => void) | undefined): number {
  gc?.();
  return process.memoryUsage().heapUsed;
}

export function runFuzz(options: RunOptions): Summary {
  const { targets, seed, gc } = options;
  const perTarget = new Map(targets.map((t) => [t.name, emptyCounts()]));
  const store = smallStore();
  const started = performance.now();
  const deadline = options.seconds === undefined ? Infinity : started + options.seconds * 1000;
  const heapEvery = options.heapEvery ?? 20_000;
  const growthLimit = options.heapGrowthBytes ?? 512 * 1024 * 1024;
  const total = options.only === undefined ? options.cases : targets.length;
  let heapBaselineBytes = heapUsed(gc);
  let heapBytes = heapBaselineBytes;
  let nextProgress = started + (options.progressMs ?? 5000);
  const progress = (cases: number): Progress => {
    const elapsedMs = performance.now() - started;
    return { cases, elapsedMs, perTarget, heapBytes, heapBaselineBytes };
  };
  for (let n = 0; n < total; n++) {
    const target = targets[n % targets.length] as FuzzTarget;
    const index = options.only ?? Math.floor(n / targets.length);
    const failure = runCase(
      target,
      seed,
      index,
      store,
      perTarget.get(target.name) ?? emptyCounts(),
    );
    if (failure !== undefined) return { ...progress(n + 1), failure };
    if ((n + 1) % heapEvery === 0) {
      heapBytes = heapUsed(gc);
      // The first samples include the corpus's and the JIT's warm-up: take the lowest as baseline.
      if (n + 1 <= 2 * heapEvery) heapBaselineBytes = Math.min(heapBaselineBytes, heapBytes);
      if (heapBytes > heapBaselineBytes + growthLimit) {
        const message = `heap grew from ${heapBaselineBytes} to ${heapBytes} bytes over ${n + 1} cases`;
        const failure: Failure = {
          target: target.name,
          seed,
          index,
          kind: 'heap',
          message,
          stack: '',
          input: '',
        };
        return { ...progress(n + 1), failure };
      }
    }
    const now = performance.now();
    if (now >= deadline) return progress(n + 1);
    if (now >= nextProgress && options.onProgress !== undefined) {
      options.onProgress(progress(n + 1));
      nextProgress = now + (options.progressMs ?? 5000);
    }
  }
  return progress(total);
}
