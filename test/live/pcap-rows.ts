/**
 * Live libpcap capture on lo, turned into rows by the connection tracker in this process: the
 * capture and tracking stages alone, without the collector's process attribution.
 */
import { PcapLiveCapture } from '../../src/collector/capture/pcap/live/pcap-live-capture.js';
import { ConnTracker, type TrackerStats } from '../../src/collector/conn/conn-tracker.js';
import { PROTOCOL_SPECS } from '../../src/collector/protocols/registry.js';
import type { StreamEvent } from '../../src/collector/stream/types.js';
import type { RowBatch } from '../../src/store/index.js';

export interface PcapRows {
  /** Every table's rows, conn_stats sampled once at the end. */
  readonly tables: Map<string, RowBatch>;
  readonly tracker: TrackerStats;
}

/** Captures on lo with `filter` while `work` runs; then tracks and parses what was seen. */
export async function capturePcapRows(
  filter: string,
  work: () => Promise<void>,
): Promise<PcapRows> {
  const events: StreamEvent[] = [];
  const capture = PcapLiveCapture.start({
    interfaces: ['lo'],
    filter,
    onEvents: (batch) => events.push(...batch),
  });
  try {
    await work();
  } finally {
    await capture.stop();
  }
  const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });
  tracker.handle(events);
  tracker.finish(BigInt(Date.now()) * 1_000_000n);
  return { tables: tracker.sink.take(), tracker: tracker.stats() };
}

/** One column of a batch as plain values (booleans stay 0/1 as stored). */
export function column(batch: RowBatch | undefined, name: string): unknown[] {
  return Array.from((batch?.columns[name] ?? []) as ArrayLike<unknown>);
}
