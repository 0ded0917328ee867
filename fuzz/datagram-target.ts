/**
 * DNS over UDP: mutated DNS messages (the corpus's UDP payloads and DNS-over-TCP messages) as
 * datagrams through the detector and the datagram stitcher, from a few peers, with timeouts
 * and a final flush.
 */
import { DnsDatagramStitcher, detectDnsDatagram } from '../src/collector/protocols/dns/index.js';
import type { ProtocolRecord } from '../src/collector/protocols/common/types.js';
import type { Store } from '../src/store/index.js';
import { RecordCheck, check } from './checks.js';
import type { Corpus } from './corpus.js';
import { mutateBytes, mutateList } from './mutate.js';
import { measureRetained } from './retained.js';
import type { Rng } from './rng.js';
import {
  hex,
  nextTime,
  startTime,
  type CaseStats,
  type FuzzCase,
  type FuzzTarget,
} from './target.js';

const PEERS = ['', '10.0.0.53:53', '[::1]:5353'];

type Step =
  | {
      readonly op: 'datagram';
      readonly data: Uint8Array;
      readonly peer: string;
      readonly timeNs: bigint;
    }
  | { readonly op: 'expire'; readonly timeNs: bigint };

interface Plan {
  readonly maxPending: number;
  readonly timeoutNs: bigint;
  readonly steps: readonly Step[];
}

function planDatagrams(rng: Rng, messages: readonly Uint8Array[]): Plan {
  let picked = Array.from({ length: rng.size(64) }, () => rng.pick(messages));
  for (let rounds = rng.int(3); rounds > 0; rounds--) picked = mutateList(rng, picked, 2000);
  const mutationRate = rng.pick([0.1, 0.5, 1]);
  let timeNs = startTime(rng);
  const steps: Step[] = [];
  for (const message of picked) {
    const data = rng.chance(mutationRate) ? mutateBytes(rng, message, rng.pick(messages)) : message;
    timeNs = nextTime(rng, timeNs);
    steps.push({ op: 'datagram', data, peer: rng.pick(PEERS), timeNs });
    if (rng.chance(0.05)) steps.push({ op: 'expire', timeNs: nextTime(rng, timeNs) });
  }
  return {
    maxPending: rng.pick([1, 8, 4096]),
    timeoutNs: rng.pick([1n, 2_000_000_000n, 2n ** 62n]),
    steps,
  };
}

function runPlan(plan: Plan, store: Store): CaseStats {
  const { maxPending, timeoutNs } = plan;
  const stitcher = new DnsDatagramStitcher({ maxPending, timeoutNs });
  const records = new RecordCheck({ maxBufferBytes: 65536, maxBodyBytes: 4096 });
  const out: ProtocolRecord[] = [];
  let bytes = 0;
  let lastNs = 0n;
  for (const step of plan.steps) {
    lastNs = step.timeNs;
    if (step.op === 'expire') {
      stitcher.expire(step.timeNs);
    } else {
      detectDnsDatagram(step.data);
      stitcher.onDatagram(step.data, step.timeNs, step.peer);
      bytes += step.data.length;
      const pending = stitcher.pendingQueries;
      check(pending <= maxPending, () => `${pending} queries wait, more than ${maxPending}`);
    }
    stitcher.drain(out);
    records.take(out, 'dns_events');
  }
  const retainedBytes = measureRetained(stitcher).bytes;
  stitcher.flush(lastNs);
  check(stitcher.pendingQueries === 0, () => `${stitcher.pendingQueries} queries wait after flush`);
  stitcher.drain(out);
  records.take(out, 'dns_events');
  records.flush(store);
  return { bytes, records: records.rows, retainedBytes };
}

export function datagramTarget(corpus: Corpus): FuzzTarget {
  const messages = corpus.dnsMessages;
  if (messages.length === 0) throw new Error('no DNS messages in the corpus');
  return {
    name: 'dns-udp',
    about: `DNS datagram detector and stitcher on ${messages.length} mutated messages`,
    plan(rng: Rng): FuzzCase {
      const plan = planDatagrams(rng, messages);
      return {
        run: (store) => runPlan(plan, store),
        describe: () =>
          [
            `maxPending=${plan.maxPending} timeoutNs=${plan.timeoutNs}`,
            ...plan.steps.map((s) =>
              s.op === 'expire'
                ? `expire t=${s.timeNs}`
                : `datagram peer=${JSON.stringify(s.peer)} t=${s.timeNs} ${hex(s.data)}`,
            ),
          ].join('\n'),
      };
    },
  };
}
