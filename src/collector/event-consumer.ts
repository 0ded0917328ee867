import type { RowBatch } from '../store/index.js';
import { ConnTracker, type TrackerStats } from './conn/conn-tracker.js';
import { PROTOCOL_SPECS } from './protocols/registry.js';
import type { StreamEvent } from './stream/types.js';
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

/** 0 workers: parse on this thread; N: a pool of N parser workers. */
export function createEventConsumer(
  workers: number,
  onRows: (table: string, batch: RowBatch) => void,
): EventConsumer {
  return workers <= 0 ? inlineConsumer(onRows) : poolConsumer(workers, onRows);
}
