import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { RowBatch } from '../../store/index.js';
import type { TrackerStats } from '../conn/conn-tracker.js';
import type { StreamEvent } from '../stream/types.js';
import type { FromWorker, ToWorker } from './messages.js';
import { Placement } from './placement.js';
import { unpackBatch } from './row-wire.js';
import { encodeEvents } from './wire.js';
import { compiledWorkerScript } from './worker-script.js';

export interface PoolOptions {
  /** Parser workers; default cores − 1, at least 1. */
  readonly workers?: number;
  /** Batches a worker may have queued before `push` waits (back-pressure on the capture). */
  readonly maxInFlight?: number;
  /** Receives the rows each worker produced, on the main thread (append them to the store). */
  readonly onRows: (table: string, batch: RowBatch) => void;
}

export interface PoolStats {
  readonly workers: number;
  /** Workers that died and were replaced. */
  readonly restarts: number;
  /** Batches lost with a dead worker (their connections' state went too). */
  readonly lostBatches: number;
  readonly tracker: readonly TrackerStats[];
}

interface Slot {
  worker: Worker;
  inFlight: number;
  stats: TrackerStats | undefined;
  /** Set while a `finish` waits for this worker. */
  onFinished: (() => void) | undefined;
}

/**
 * Runs the connection tracker and parsers in worker threads, sharded by connection so each
 * connection's bytes stay in order on one worker (see Placement). Event batches cross as one
 * transferable buffer per worker per push.
 */
export class ParserPool {
  private readonly slots: Slot[];
  private readonly maxInFlight: number;
  private waiters: (() => void)[] = [];
  private restarts = 0;
  private lostBatches = 0;
  private closed = false;
  private readonly placement: Placement;

  constructor(private readonly options: PoolOptions) {
    const count = options.workers ?? Math.max(1, availableParallelism() - 1);
    this.maxInFlight = options.maxInFlight ?? 8;
    this.slots = Array.from({ length: count }, () => this.spawn());
    this.placement = new Placement(count);
  }

  /** Sends events to their workers; resolves once no worker is over its in-flight limit. */
  async push(events: readonly StreamEvent[]): Promise<void> {
    const shards = this.slots.map((): StreamEvent[] => []);
    for (const e of events) shards[this.placement.targetOf(e)]?.push(e);
    shards.forEach((shard, i) => {
      if (shard.length > 0) this.post(i, { type: 'events', buffer: encodeEvents(shard) });
    });
    while (this.slots.some((s) => s.inFlight > this.maxInFlight)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  expire(nowNs: bigint): void {
    this.placement.expire(nowNs);
    this.slots.forEach((_, i) => {
      this.post(i, { type: 'expire', nowNs });
    });
  }

  /** Flushes every worker (end of input) and resolves when all their rows have arrived. */
  async finish(nowNs: bigint): Promise<void> {
    const done = this.slots.map(
      (slot) =>
        new Promise<void>((resolve) => {
          slot.onFinished = resolve;
        }),
    );
    this.slots.forEach((_, i) => {
      this.post(i, { type: 'finish', nowNs });
    });
    await Promise.all(done);
  }

  stats(): PoolStats {
    return {
      workers: this.slots.length,
      restarts: this.restarts,
      lostBatches: this.lostBatches,
      tracker: this.slots.flatMap((s) => (s.stats === undefined ? [] : [s.stats])),
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private post(index: number, message: ToWorker): void {
    const slot = this.slots[index];
    if (slot === undefined) return;
    slot.inFlight++;
    const transfer = message.type === 'events' ? [message.buffer] : [];
    slot.worker.postMessage(message, transfer);
  }

  private spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(compiledWorkerScript(import.meta.url, 'worker-main.js')),
      inFlight: 0,
      stats: undefined,
      onFinished: undefined,
    };
    slot.worker.on('message', (reply: FromWorker) => {
      slot.inFlight--;
      slot.stats = reply.stats;
      for (const [table, batch] of reply.batches) this.options.onRows(table, unpackBatch(batch));
      if (reply.type === 'finished') slot.onFinished?.();
      this.wake();
    });
    slot.worker.on('error', () => undefined); // 'exit' follows and restarts the worker
    slot.worker.on('exit', () => {
      if (this.closed) return;
      this.lostBatches += slot.inFlight;
      this.restarts++;
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots[index] = this.spawn();
      slot.onFinished?.(); // what it held is lost; a finish must not wait for it forever
      this.wake();
    });
    return slot;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
