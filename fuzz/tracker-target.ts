/**
 * The connection tracker fed a capture's stream events, mutated: payloads mutated, chunks
 * reordered, duplicated and repeated, offsets shifted, lengths claiming truncation, directions
 * flipped, connections merged, opens and closes dropped, roles changed. It exercises detection,
 * reordering, the parsers behind them and the datagram path together.
 */
import type { ConnId, StreamEvent } from '../src/collector/stream/types.js';
import type { Capture, Corpus } from './corpus.js';
import { mutateBytes, mutateList } from './mutate.js';
import type { Rng } from './rng.js';
import { hex, type FuzzCase, type FuzzTarget } from './target.js';
import { TrackerRun, describeLimits, pickTrackerLimits } from './tracker-run.js';

function shiftedOffset(rng: Rng, offset: number): number {
  if (rng.chance(0.2)) return rng.pick([0, 1, 2 ** 31, 2 ** 32, Number.MAX_SAFE_INTEGER]);
  return Math.max(0, offset + rng.range(-3000, 3000));
}

/** One event changed in one way; undefined drops it. */
function mutateEvent(
  rng: Rng,
  event: StreamEvent,
  ids: readonly ConnId[],
  donor: Uint8Array,
): StreamEvent | undefined {
  const timeNs = rng.chance(0.1)
    ? event.timeNs + BigInt(rng.range(-5_000_000, 5_000_000))
    : event.timeNs;
  switch (event.kind) {
    case 'open':
      if (rng.chance(0.3)) return undefined;
      return { ...event, timeNs, role: rng.pick([1, 2, 4] as const), connId: rng.pick(ids) };
    case 'close':
      return rng.chance(0.7) ? undefined : { ...event, timeNs, connId: rng.pick(ids) };
    case 'datagram': {
      const data = mutateBytes(rng, event.data, donor);
      const direction = rng.chance(0.2)
        ? event.direction === 'egress'
          ? 'ingress'
          : 'egress'
        : event.direction;
      return {
        ...event,
        timeNs,
        data,
        direction,
        length: data.length + (rng.chance(0.1) ? rng.size(100) : 0),
      };
    }
    case 'data':
      switch (rng.int(5)) {
        case 0:
          return { ...event, timeNs, offset: shiftedOffset(rng, event.offset) };
        case 1:
          return {
            ...event,
            timeNs,
            direction: event.direction === 'egress' ? 'ingress' : 'egress',
          };
        case 2:
          return { ...event, timeNs, connId: rng.pick(ids) };
        case 3: {
          const data = event.data.subarray(0, rng.int(event.data.length + 1));
          return { ...event, timeNs, data };
        }
        default: {
          const data = mutateBytes(rng, event.data, donor);
          return { ...event, timeNs, data, length: Math.max(data.length, event.length) };
        }
      }
  }
}

function payloadOf(rng: Rng, capture: Capture): Uint8Array {
  const withData = capture.events.filter((e) => e.kind === 'data' || e.kind === 'datagram');
  return withData.length > 0 ? rng.pick(withData).data : new Uint8Array(0);
}

function mutateEvents(rng: Rng, corpus: Corpus): StreamEvent[] {
  const capture = rng.pick(corpus.captures);
  let events = capture.events.slice();
  const ids = [...new Set(events.flatMap((e) => (e.kind === 'datagram' ? [] : [e.connId])))];
  ids.push(1_000_000);
  for (let rounds = rng.int(4); rounds > 0; rounds--) events = mutateList(rng, events);
  const mutations = rng.chance(0.1) ? 0 : rng.size(Math.max(1, events.length));
  for (let i = 0; i < mutations && events.length > 0; i++) {
    const at = rng.int(events.length);
    const mutated = mutateEvent(
      rng,
      events[at] as StreamEvent,
      ids,
      payloadOf(rng, rng.pick(corpus.captures)),
    );
    if (mutated === undefined) events.splice(at, 1);
    else events[at] = mutated;
  }
  return events;
}

/** Events cut into the batches the tracker handles, each with whether the clock moves after it. */
function batchesOf(
  rng: Rng,
  events: readonly StreamEvent[],
): { events: StreamEvent[]; expire: boolean }[] {
  const batches: { events: StreamEvent[]; expire: boolean }[] = [];
  for (let from = 0; from < events.length;) {
    const length = rng.size(events.length - from);
    batches.push({ events: events.slice(from, from + length), expire: rng.chance(0.2) });
    from += length;
  }
  return batches;
}

function describeEvent(event: StreamEvent): string {
  switch (event.kind) {
    case 'open':
      return `open conn=${event.connId} role=${event.role} t=${event.timeNs}`;
    case 'close':
      return `close conn=${event.connId} t=${event.timeNs}`;
    case 'data':
      return `data conn=${event.connId} ${event.direction} offset=${event.offset} length=${event.length} t=${event.timeNs} ${hex(event.data, 64)}`;
    case 'datagram':
      return `datagram ${event.direction} length=${event.length} t=${event.timeNs} ${hex(event.data, 64)}`;
  }
}

export function trackerTarget(corpus: Corpus): FuzzTarget {
  return {
    name: 'tracker',
    about: `ConnTracker with every protocol on the mutated events of ${corpus.captures.length} captures`,
    plan(rng: Rng): FuzzCase {
      const limits = pickTrackerLimits(rng);
      const batches = batchesOf(rng, mutateEvents(rng, corpus));
      return {
        run(store) {
          const run = new TrackerRun(limits, store);
          for (const batch of batches) run.handle(batch.events, batch.expire);
          return run.finish();
        },
        describe: () =>
          [
            `limits ${describeLimits(limits)}`,
            ...batches.flatMap((b, i) => [
              `batch ${i} expire=${b.expire}`,
              ...b.events.map(describeEvent),
            ]),
          ].join('\n'),
      };
    },
  };
}
