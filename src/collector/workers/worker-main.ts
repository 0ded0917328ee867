import { parentPort } from 'node:worker_threads';
import { ConnTracker } from '../conn/conn-tracker.js';
import { PROTOCOL_SPECS } from '../protocols/registry.js';
import type { FromWorker, ToWorker } from './messages.js';
import { packBatch, type PackedBatch } from './row-wire.js';
import { decodeEvents } from './wire-decode.js';

/** A parser worker: one ConnTracker for the connections sharded to it. */
const port = parentPort;
if (port === null) throw new Error('worker-main.ts must run in a worker thread');
const tracker = new ConnTracker({ specs: PROTOCOL_SPECS });

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'events':
      tracker.handle(decodeEvents(message.buffer));
      break;
    case 'expire':
      tracker.expire(message.nowNs);
      break;
    case 'finish':
      tracker.finish(message.nowNs);
      break;
  }
  const transfer: ArrayBuffer[] = [];
  const batches: [string, PackedBatch][] = [];
  for (const [table, batch] of tracker.sink.take()) {
    batches.push([table, packBatch(table, batch, transfer)]);
  }
  const reply: FromWorker = {
    type: message.type === 'finish' ? 'finished' : 'rows',
    batches,
    stats: tracker.stats(),
  };
  port.postMessage(reply, transfer);
});
