/**
 * The capture front end: a mutated pcap/pcapng file (headers, record lengths, packet headers
 * and payloads alike, or two files spliced) pushed in random chunks through CaptureDecoder,
 * whose events must keep the stream model's promises, and then through the tracker.
 */
import { CaptureDecoder } from '../src/collector/capture/pcap/capture-file.js';
import type { StreamEvent } from '../src/collector/stream/types.js';
import { check } from './checks.js';
import type { Corpus } from './corpus.js';
import { mutateBytes, splitChunks } from './mutate.js';
import { measureRetained } from './retained.js';
import type { Rng } from './rng.js';
import { hex, type CaseStats, type FuzzCase, type FuzzTarget } from './target.js';
import {
  TrackerRun,
  checkCounters,
  describeLimits,
  pickTrackerLimits,
  type TrackerLimits,
} from './tracker-run.js';

/** The decoder's own tables and scratch buffers, beyond the bytes it was given. */
const AMPLIFY_SLACK_BYTES = 1024 * 1024;

interface Plan {
  readonly source: string;
  readonly limits: TrackerLimits;
  readonly tcp: {
    readonly maxHeldBytes: number;
    readonly maxHeldSegments: number;
    readonly maxConnections: number;
  };
  readonly chunks: readonly Uint8Array[];
  readonly bytes: Uint8Array;
}

/** The stream model's promises: data only on an open connection, in order, within its length. */
class EventContract {
  private readonly open = new Set<number>();
  /** Per connection and direction: where the next chunk may start at the earliest. */
  private readonly next = new Map<string, number>();

  check(events: readonly StreamEvent[]): void {
    for (const event of events) {
      if (event.kind === 'open') {
        check(!this.open.has(event.connId), () => `conn ${event.connId} opened twice`);
        this.open.add(event.connId);
      } else if (event.kind === 'close') {
        check(this.open.delete(event.connId), () => `close of conn ${event.connId}, not open`);
      } else if (event.kind === 'data') {
        const { connId, offset, length, data } = event;
        check(this.open.has(connId), () => `data on conn ${connId}, not open`);
        check(
          data.length <= length,
          () => `conn ${connId}: ${data.length} bytes in a ${length}-byte chunk`,
        );
        const key = `${connId}/${event.direction}`;
        const earliest = this.next.get(key) ?? 0;
        check(
          Number.isSafeInteger(offset) && offset >= earliest,
          () => `conn ${key}: offset ${offset} < ${earliest}`,
        );
        this.next.set(key, offset + length);
      } else {
        check(
          event.data.length <= event.length,
          () => `datagram of ${event.data.length} > ${event.length} bytes`,
        );
      }
    }
  }
}

function planCapture(rng: Rng, corpus: Corpus): Plan {
  const capture = rng.pick(corpus.captures);
  const donor = rng.pick(corpus.captures).bytes;
  const bytes = rng.chance(0.05) ? capture.bytes : mutateBytes(rng, capture.bytes, donor, 16);
  return {
    source: capture.source,
    limits: pickTrackerLimits(rng),
    tcp: {
      maxHeldBytes: rng.pick([2048, 1024 * 1024]),
      maxHeldSegments: rng.pick([4, 2048]),
      maxConnections: rng.pick([1, 3, 100_000]),
    },
    chunks: splitChunks(rng, bytes),
    bytes,
  };
}

function runCapture(plan: Plan, store: Parameters<FuzzCase['run']>[0]): CaseStats {
  const decoder = new CaptureDecoder({ tcp: plan.tcp });
  const contract = new EventContract();
  const run = new TrackerRun(plan.limits, store);
  let held = 0;
  let pushed = 0;
  for (const chunk of plan.chunks) {
    const events = decoder.push(chunk);
    pushed += chunk.length;
    contract.check(events);
    run.handle(events, true);
    const now = measureRetained(decoder).bytes;
    // A file's claims (record lengths, snap length) must not make the decoder allocate them.
    check(
      now <= pushed + AMPLIFY_SLACK_BYTES,
      () => `capture decoder holds ${now} bytes of ${pushed} pushed`,
    );
    held = Math.max(held, now);
  }
  const last = decoder.end();
  contract.check(last);
  run.handle(last, false);
  checkCounters('capture stats', decoder.stats);
  const stats = run.finish();
  return { ...stats, bytes: plan.bytes.length };
}

export function captureTarget(corpus: Corpus): FuzzTarget {
  return {
    name: 'capture',
    about: `CaptureDecoder (pcap/pcapng front end) and tracker on ${corpus.captures.length} mutated files`,
    plan(rng: Rng): FuzzCase {
      const plan = planCapture(rng, corpus);
      return {
        run: (store) => runCapture(plan, store),
        describe: () =>
          [
            `from ${plan.source}; tcp ${JSON.stringify(plan.tcp)}; limits ${describeLimits(plan.limits)}`,
            `chunks ${plan.chunks.map((c) => c.length).join(',')}`,
            `file ${hex(plan.bytes, 4096)}`,
          ].join('\n'),
      };
    },
  };
}
