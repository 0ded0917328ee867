/**
 * The connection tracker under test, with every registered protocol, limits drawn per case,
 * and the checks that apply to it: rows valid cell by cell, counters sane, and what it holds
 * bounded by what its limits allow for the connections it follows.
 */
import { ConnTracker, type TrackerOptions } from '../src/collector/conn/conn-tracker.js';
import { PROTOCOL_SPECS } from '../src/collector/protocols/registry.js';
import type { StreamEvent } from '../src/collector/stream/types.js';
import type { Store } from '../src/store/index.js';
import { RecordCheck, check } from './checks.js';
import { measureRetained } from './retained.js';
import type { Rng } from './rng.js';
import { pickParserOptions, type CaseStats } from './target.js';

/** The tracker's limits for one case, as plain data so a failure report can show them. */
export type TrackerLimits = Required<Omit<TrackerOptions, 'specs'>>;

export function pickTrackerLimits(rng: Rng): TrackerLimits {
  return {
    parser: pickParserOptions(rng),
    reorder: {
      maxHeldBytes: rng.pick([1024, 65536, 1024 * 1024]),
      maxHoldNs: rng.pick([1n, 2_000_000_000n]),
    },
    idleTimeoutNs: rng.pick([1_000_000n, 300_000_000_000n]),
    dnsTimeoutNs: rng.pick([1n, 2_000_000_000n]),
  };
}

export function describeLimits(limits: TrackerLimits): string {
  return JSON.stringify(limits, (_key, value: unknown) =>
    typeof value === 'bigint' ? `${value}n` : value,
  );
}

/** Every number in a stats object (nested) must be a finite count. */
export function checkCounters(what: string, stats: object): void {
  for (const [name, value] of Object.entries(stats as Record<string, unknown>)) {
    if (typeof value === 'object' && value !== null) checkCounters(`${what}.${name}`, value);
    else if (typeof value === 'number') {
      check(Number.isFinite(value) && value >= 0, () => `${what}.${name} is ${value}`);
    }
  }
}

/** What TrackedConnection examines before it gives up detecting (tracked-connection.ts). */
const DETECT_WINDOW_BYTES = 512;

/** A ProtocolConnection, by its shape. */
function isParser(o: object): boolean {
  return 'onData' in o && 'onGap' in o && 'drain' in o && typeof o.onData === 'function';
}

export class TrackerRun {
  readonly tracker: ConnTracker;
  private readonly records: RecordCheck;
  private readonly connIds = new Set<number>();
  private maxChunk = 0;
  /** DNS stitchers may keep every query they were given, up to their cap. */
  private datagramBytes = 0;
  private lastNs = 0n;
  bytes = 0;
  retainedBytes = 0;

  constructor(
    private readonly limits: TrackerLimits,
    private readonly store: Store,
  ) {
    this.tracker = new ConnTracker({ specs: PROTOCOL_SPECS, ...limits });
    this.records = new RecordCheck(limits.parser, this.tracker.sink);
  }

  /** One batch of events, then (when asked) the clock moved to the batch's last time. */
  handle(events: readonly StreamEvent[], expire: boolean): void {
    for (const event of events) {
      this.lastNs = event.timeNs;
      if (event.kind === 'datagram') this.datagramBytes += event.data.length;
      if (event.kind === 'data' || event.kind === 'datagram') {
        this.bytes += event.data.length;
        this.maxChunk = Math.max(this.maxChunk, event.data.length);
      }
      if (event.kind !== 'datagram') this.connIds.add(event.connId);
    }
    this.tracker.handle(events);
    if (expire) this.tracker.expire(this.lastNs);
    this.records.flush(this.store, true);
  }

  /**
   * Checks what the tracker itself holds (its parsers are the protocol targets' business, and
   * its sink is emptied after every batch), then ends the input as a capture file's end does.
   */
  finish(): CaseStats {
    const sink = this.tracker.sink;
    const held = measureRetained(this.tracker, (o) => o === sink || isParser(o)).bytes;
    const limit = this.connIds.size * this.perConnectionLimit() + this.datagramBytes + 1024 * 1024;
    check(
      held <= limit,
      () => `tracker holds ${held} bytes > ${limit} for ${this.connIds.size} connections`,
    );
    checkCounters('tracker.stats()', this.tracker.stats());
    this.tracker.finish(this.lastNs);
    this.records.flush(this.store, true);
    return { bytes: this.bytes, records: this.records.rows, retainedBytes: held };
  }

  /** Two reorder buffers (each may pass its cap by one chunk) and the detection window. */
  private perConnectionLimit(): number {
    const { maxHeldBytes } = this.limits.reorder;
    return 2 * (maxHeldBytes + this.maxChunk) + DETECT_WINDOW_BYTES + this.maxChunk + 4096;
  }
}
