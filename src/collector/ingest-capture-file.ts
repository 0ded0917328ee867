import type { RowBatch, Store } from '../store/index.js';
import { FlowShards } from './capture/pcap/flow-shards.js';
import type { CaptureStats, TcpStats } from './capture/pcap/capture-stats.js';
import type { TrackerStats } from './conn/conn-tracker.js';
import { runShardPass } from './file-shards/shard-pass.js';
import { runShardWorker } from './file-shards/shard-workers.js';

export interface CaptureIngestOptions {
  /** 0 parses on this thread; N > 0 adds N worker threads, each parsing a share of the flows. */
  readonly workers?: number;
  /** Called after each chunk of the file with the bytes of packets read so far. */
  readonly onProgress?: (capturedBytes: number) => void;
}

export interface CaptureIngestStats {
  readonly capture: CaptureStats;
  readonly tracker: readonly TrackerStats[];
  /** Rows appended, by table. */
  readonly rows: Readonly<Record<string, number>>;
  /** Time of the last packet, Unix ns (relative times in scripts count back from here). */
  readonly endTimeNs: bigint | null;
}

/**
 * Reads a pcap/pcapng file through reassembly, the protocol parsers and the stitchers into
 * the store: the offline path behind `--pcap FILE`. Rows are from the server's point of view.
 *
 * With workers, every thread reads the file itself and parses only the flows of its shard
 * (see FlowShards): decoding frame headers twice costs less than passing packets between
 * threads. Rows from workers are appended here, so the store stays single-threaded.
 */
export async function ingestCaptureFile(
  path: string,
  store: Store,
  options: CaptureIngestOptions = {},
): Promise<CaptureIngestStats> {
  const rows: Record<string, number> = {};
  const append = (table: string, batch: RowBatch): void => {
    store.append(table, batch);
    rows[table] = (rows[table] ?? 0) + batch.length;
  };
  const workers = Math.max(0, options.workers ?? 0);
  // This thread is shard 0 and takes an equal share: it also appends every row, but the
  // workers pack theirs for the trip (DECISIONS §25).
  const shards = workers + 1;
  const helpers = Array.from({ length: workers }, (_, i) =>
    runShardWorker({ path, index: i + 1, shards }, append),
  );
  const helped = Promise.all(helpers.map((h) => h.done));
  helped.catch(() => undefined); // awaited below; a failure of this thread's pass comes first
  try {
    const own = await runShardPass(path, {
      ...(workers > 0 ? { shard: new FlowShards(shards).filter(0) } : {}),
      onRows: (tables) => {
        for (const [table, batch] of tables) append(table, batch);
      },
      onChunk: (stats) => options.onProgress?.(stats.capturedBytes),
    });
    const others = await helped;
    return {
      capture: {
        ...own.capture,
        tcp: sumTcp(
          own.capture.tcp,
          others.map((o) => o.capture.tcp),
        ),
      },
      tracker: [own.tracker, ...others.map((o) => o.tracker)],
      rows,
      endTimeNs: own.endTimeNs,
    };
  } finally {
    await Promise.all(helpers.map((h) => h.stop()));
  }
}

/** Every shard counts all frames, but TCP counters only for the flows it reassembled. */
function sumTcp(own: TcpStats, others: readonly TcpStats[]): TcpStats {
  const total = { ...own };
  for (const other of others) {
    for (const key of Object.keys(total) as (keyof TcpStats)[]) total[key] += other[key];
  }
  return total;
}
