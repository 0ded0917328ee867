import type { RowBatch } from '../store/index.js';
import { ConnTracker, type TrackerStats } from './conn/conn-tracker.js';
import { PROTOCOL_SPECS } from './protocols/registry.js';
import type { StreamEvent } from './stream/types.js';
import { Placement } from './workers/placement.js';
import { ParserPool } from './workers/pool.js';

/** Where stream events go: the tracker on this thread, or the worker pool. */
export interface EventConsumer {
  push(events: readonly StreamEvent[]): Promise<void> | void;
  expire(nowNs: bigint): void;
  finish(nowNs: bigint): Promise<void> | void;
  trackerStats(): readonly TrackerStats[];
  close(): Promise<void> | void;
}

function inlineConsumer(onRows: (table: string, batch: RowBatch) => void): EventConsumer {
  const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
  const flush = (): void => {
    for (const [table, batch] of tracker.sink.take()) onRows(table, batch);
  };
  return {
    push: (events) => {
      tracker.handle(events);
      flush();
    },
    expire: (nowNs) => {
      tracker.expire(nowNs);
      flush();
    },
    finish: (nowNs) => {
      tracker.finish(nowNs);
      flush();
    },
    trackerStats: () => [tracker.stats()],
    close: () => undefined,
  };
}

function poolConsumer(
  workers: number,
  onRows: (table: string, batch: RowBatch) => void,
): EventConsumer {
  const pool = new ParserPool({ workers, onRows });
  return {
    push: (events) => pool.push(events),
    expire: (nowNs) => {
      pool.expire(nowNs);
    },
    finish: (nowNs) => pool.finish(nowNs),
    trackerStats: () => pool.stats().tracker,
    close: () => pool.close(),
  };
}

/**
 * This thread's share against each worker's, when this thread parses too: it also reads the
 * input and appends every row to the store, so it takes fewer connections than a worker.
 */
const THIS_THREAD_WEIGHT = 1;
const WORKER_WEIGHT = 2;

/** A pool of N workers, with this thread parsing a share of the connections too. */
function sharedConsumer(
  workers: number,
  onRows: (table: string, batch: RowBatch) => void,
): EventConsumer {
  const local = inlineConsumer(onRows);
  const pool = poolConsumer(workers, onRows);
  const placement = new Placement([THIS_THREAD_WEIGHT, WORKER_WEIGHT * workers]);
  return {
    push: async (events) => {
      const mine: StreamEvent[] = [];
      const theirs: StreamEvent[] = [];
      for (const e of events) (placement.targetOf(e) === 0 ? mine : theirs).push(e);
      const posted = pool.push(theirs);
      await local.push(mine);
      await posted;
    },
    expire: (nowNs) => {
      placement.expire(nowNs);
      pool.expire(nowNs);
      local.expire(nowNs);
    },
    finish: async (nowNs) => {
      const finished = pool.finish(nowNs);
      await local.finish(nowNs);
      await finished;
    },
    trackerStats: () => [...local.trackerStats(), ...pool.trackerStats()],
    close: () => pool.close(),
  };
}

export interface ConsumerOptions {
  /**
   * With workers, this thread parses a share of the connections as well: for a capture file,
   * whose reading leaves this thread mostly idle. A live capture keeps this thread free.
   */
  readonly parseHereToo?: boolean;
}

/** 0 workers: parse on this thread; N: a pool of N parser workers. */
export function createEventConsumer(
  workers: number,
  onRows: (table: string, batch: RowBatch) => void,
  options: ConsumerOptions = {},
): EventConsumer {
  if (workers <= 0) return inlineConsumer(onRows);
  return options.parseHereToo === true
    ? sharedConsumer(workers, onRows)
    : poolConsumer(workers, onRows);
}
