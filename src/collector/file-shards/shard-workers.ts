import { Worker } from 'node:worker_threads';
import type { RowBatch } from '../../store/index.js';
import { compiledWorkerScript } from '../workers/worker-script.js';
import { unpackBatch } from '../workers/row-wire.js';
import type { FromShard, ShardJob, ToShard } from './shard-messages.js';
import type { ShardPassResult } from './shard-pass.js';

export type ShardWorkerResult = Omit<ShardPassResult, 'endTimeNs'>;

/**
 * Runs one shard of a capture file in a worker thread. Its rows reach `onRows` on this thread;
 * each message is acknowledged once appended, which is what holds the worker back when this
 * thread falls behind. Rejects when the worker fails or dies: its shard's rows would be missing.
 */
export function runShardWorker(
  job: ShardJob,
  onRows: (table: string, batch: RowBatch) => void,
): { readonly done: Promise<ShardWorkerResult>; stop(): Promise<void> } {
  const worker = new Worker(compiledWorkerScript(import.meta.url, 'shard-worker.js'), {
    workerData: job,
  });
  const done = new Promise<ShardWorkerResult>((resolve, reject) => {
    let finished = false;
    worker.on('message', (message: FromShard) => {
      switch (message.type) {
        case 'rows':
          for (const [table, packed] of message.batches) onRows(table, unpackBatch(packed));
          worker.postMessage('appended' satisfies ToShard);
          return;
        case 'done':
          finished = true;
          resolve({ capture: message.capture, tracker: message.tracker });
          return;
        case 'failed':
          finished = true;
          reject(new Error(`parser worker for shard ${job.index} failed: ${message.message}`));
          return;
      }
    });
    worker.on('error', (error) => {
      finished = true;
      reject(new Error(`parser worker for shard ${job.index} failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (!finished)
        reject(new Error(`parser worker for shard ${job.index} exited (code ${code})`));
    });
  });
  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
