import type { RowBatch } from '../store/index.js';
import { ConnTracker, type TrackerStats } from './conn/conn-tracker.js';
import { PROTOCOL_SPECS } from './protocols/registry.js';
import type { StreamEvent } from './stream/types.js';
import { ParserPool } from './workers/pool.js';

export interface AdaptiveOptions {
  /** Worker threads parsing takes to once this thread would be too busy. */
  readonly workers: number;
  /**
   * From this rate on, new connections and flows go to the workers (0: from the start).
   * Default 100,000 events/s.
   */
  readonly workersAboveEventsPerSecond?: number;
  /** How long the first events wait while their rate is measured. Default 500 ms. */
  readonly startupMs?: number;
  /** Milliseconds on a monotonic clock (tests pass their own). */
  readonly clock?: () => number;
}

/** Events held at most while the startup rate is measured; more means a busy host anyway. */
const MAX_HELD_EVENTS = 50_000;
/** The rate is measured over windows this long once parsing has started. */
const WINDOW_MS = 1000;

/**
 * Where live events are parsed: on this thread while traffic is light, in worker threads once
 * it is heavy. Handing events to a worker costs about a quarter more CPU per request (copies,
 * a second heap, thread wake-ups: DECISIONS §26), which a light load should not pay; a heavy
 * load needs this thread free for the store, queries and the screen.
 *
 * The first events wait `startupMs` while their rate is measured, so a busy host goes to the
 * workers before any connection is placed here. Later, when the rate climbs past the threshold,
 * new connections and flows go to the workers, and those already here stay here until they
 * close: a connection's parser state cannot move between threads. There is no way back.
 */
export class AdaptiveConsumer {
  private readonly here: ConnTracker = new ConnTracker({ specs: PROTOCOL_SPECS });
  private pool: ParserPool | undefined;
  /** Events waiting for the startup rate; undefined once it has been measured. */
  private held: (readonly StreamEvent[])[] | undefined = [];
  private windowStart: number;
  private windowEvents = 0;
  private readonly clock: () => number;
  private readonly threshold: number;
  private readonly startupMs: number;

  constructor(
    private readonly options: AdaptiveOptions,
    private readonly onRows: (table: string, batch: RowBatch) => void,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.threshold = options.workersAboveEventsPerSecond ?? 100_000;
    this.startupMs = options.startupMs ?? 500;
    this.windowStart = this.clock();
  }

  /** Whether parsing has moved to the workers (for new connections). */
  get usingWorkers(): boolean {
    return this.pool !== undefined;
  }

  push(events: readonly StreamEvent[]): Promise<void> | void {
    this.windowEvents += events.length;
    const elapsed = this.clock() - this.windowStart;
    if (this.held !== undefined) {
      this.held.push(events);
      if (elapsed < this.startupMs && this.windowEvents < MAX_HELD_EVENTS) return;
      this.measure(elapsed);
      return this.release(this.held);
    }
    if (this.pool === undefined) {
      this.parseHere(events);
      if (elapsed >= WINDOW_MS) this.measure(elapsed);
      return;
    }
    return this.split(events, this.pool);
  }

  expire(nowNs: bigint): void {
    // A quiet host may send nothing more: the startup wait must end without another push.
    const elapsed = this.clock() - this.windowStart;
    if (this.held !== undefined && elapsed >= this.startupMs) {
      this.measure(elapsed);
      void this.release(this.held);
    }
    this.here.expire(nowNs);
    this.flushHere();
    this.pool?.expire(nowNs);
  }

  async finish(nowNs: bigint): Promise<void> {
    if (this.held !== undefined) await this.release(this.held);
    this.here.finish(nowNs);
    this.flushHere();
    await this.pool?.finish(nowNs);
  }

  trackerStats(): readonly TrackerStats[] {
    return [this.here.stats(), ...(this.pool?.stats().tracker ?? [])];
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** The end of the startup wait: the held events go where the rate measured sent them. */
  private release(held: (readonly StreamEvent[])[]): Promise<void> | void {
    this.held = undefined;
    const pool = this.pool;
    if (pool === undefined) {
      for (const events of held) this.parseHere(events);
      return;
    }
    return pool.push(held.flat());
  }

  /** Closes the rate window; past the threshold, parsing moves to the workers. */
  private measure(elapsedMs: number): void {
    const perSecond = elapsedMs > 0 ? (this.windowEvents * 1000) / elapsedMs : Infinity;
    this.windowStart = this.clock();
    this.windowEvents = 0;
    if (perSecond >= this.threshold && this.pool === undefined) {
      this.pool = new ParserPool({ workers: this.options.workers, onRows: this.onRows });
    }
  }

  /** Events of connections and flows already parsed here stay here; the rest go to the pool. */
  private split(events: readonly StreamEvent[], pool: ParserPool): Promise<void> {
    const mine: StreamEvent[] = [];
    const theirs: StreamEvent[] = [];
    for (const e of events) (this.here.follows(e) ? mine : theirs).push(e);
    if (mine.length > 0) this.parseHere(mine);
    return pool.push(theirs);
  }

  private parseHere(events: readonly StreamEvent[]): void {
    this.here.handle(events);
    this.flushHere();
  }

  private flushHere(): void {
    for (const [table, batch] of this.here.sink.take()) this.onRows(table, batch);
  }
}
