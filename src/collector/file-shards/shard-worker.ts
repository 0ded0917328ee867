import { parentPort, workerData } from 'node:worker_threads';
import { FlowShards } from '../capture/pcap/flow-shards.js';
import { packBatch, type PackedBatch } from '../workers/row-wire.js';
import type { FromShard, ShardJob } from './shard-messages.js';
import { runShardPass } from './shard-pass.js';

/**
 * A shard worker: reads the whole capture file itself, and parses the flows of its shard.
 * Rows go to the main thread, which appends them to the store.
 */
const port = parentPort;
if (port === null) throw new Error('shard-worker.ts must run in a worker thread');
const job = workerData as ShardJob;

/** Rows messages the main thread may have unappended before this worker waits. */
const MAX_UNAPPENDED = 4;
let unappended = 0;
let resume: (() => void) | undefined;
// The only message is ToShard's 'appended'.
port.on('message', () => {
  unappended--;
  resume?.();
});

function post(message: FromShard, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function run(): Promise<void> {
  const shards = new FlowShards(job.shards);
  const result = await runShardPass(job.path, {
    shard: shards.filter(job.index),
    onRows: async (tables) => {
      if (tables.size === 0) return;
      const transfer: ArrayBuffer[] = [];
      const batches: [string, PackedBatch][] = [];
      for (const [table, batch] of tables) batches.push([table, packBatch(table, batch, transfer)]);
      unappended++;
      post({ type: 'rows', batches }, transfer);
      while (unappended > MAX_UNAPPENDED) {
        await new Promise<void>((wake) => (resume = wake));
      }
    },
  });
  post({ type: 'done', capture: result.capture, tracker: result.tracker });
}

run().catch((error: unknown) => {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
