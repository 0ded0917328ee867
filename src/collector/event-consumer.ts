import type { RowBatch } from '../store/index.js';
import { AdaptiveConsumer, type AdaptiveOptions } from './adaptive-consumer.js';
import { ConnTracker, type TrackerStats } from './conn/conn-tracker.js';
import { PROTOCOL_SPECS } from './protocols/registry.js';
import type { StreamEvent } from './stream/types.js';

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

/**
 * 0 workers: parse on this thread; N: on this thread while traffic is light, in N worker
 * threads once it is heavy (see AdaptiveConsumer).
 */
export function createEventConsumer(
  workers: number,
  onRows: (table: string, batch: RowBatch) => void,
  options: Omit<AdaptiveOptions, 'workers'> = {},
): EventConsumer {
  return workers <= 0
    ? inlineConsumer(onRows)
    : new AdaptiveConsumer({ ...options, workers }, onRows);
}
