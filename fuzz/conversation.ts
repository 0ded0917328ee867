/**
 * A protocol case's input: a captured connection's segments with bytes mutated, segments
 * dropped, repeated and reordered, then cut into the steps that feed a parser (random chunks,
 * gaps on either side, drains along the way and usually a close).
 */
import type { MessageSide } from '../src/collector/protocols/common/types.js';
import type { Conversation, Corpus, Segment } from './corpus.js';
import { mutateBytes, mutateList, splitChunks } from './mutate.js';
import type { Rng } from './rng.js';
import { hex, nextTime, startTime } from './target.js';

/** A case stops growing its conversation past this many bytes. */
const MAX_CASE_BYTES = 1024 * 1024;

/** One call on the parser under test. */
export type Step =
  | {
      readonly op: 'data';
      readonly side: MessageSide;
      readonly data: Uint8Array;
      readonly timeNs: bigint;
    }
  | {
      readonly op: 'gap';
      readonly side: MessageSide;
      readonly length: number;
      readonly timeNs: bigint;
    }
  | { readonly op: 'drain' }
  | { readonly op: 'close'; readonly timeNs: bigint };

/** Conversation-level mutations, then byte mutations of some segments. */
export function mutateConversation(
  rng: Rng,
  corpus: Corpus,
  own: readonly Conversation[],
): Segment[] {
  const every = [...corpus.conversations.values()].flat();
  const base = rng.chance(0.1) ? rng.pick(every) : rng.pick(own);
  let segments = base.segments.slice();
  for (let rounds = rng.int(4); rounds > 0; rounds--) segments = mutateList(rng, segments);
  if (rng.chance(0.2))
    segments.splice(rng.int(segments.length + 1), 0, rng.pick(rng.pick(every).segments));
  const mutations = rng.chance(0.1) ? 0 : rng.size(Math.max(1, segments.length));
  for (let i = 0; i < mutations && segments.length > 0; i++) {
    const at = rng.int(segments.length);
    const segment = segments[at] as Segment;
    const donor = rng.pick(rng.pick(every).segments).data;
    const side = rng.chance(0.05) ? otherSide(segment.side) : segment.side;
    segments[at] = { side, data: mutateBytes(rng, segment.data, donor) };
  }
  return segments;
}

function otherSide(side: MessageSide): MessageSide {
  return side === 'request' ? 'response' : 'request';
}

function gapLength(rng: Rng): number {
  return rng.pick([-1, 0, 1, rng.size(65536), 2 ** 31, Number.MAX_SAFE_INTEGER]);
}

/** The steps that feed `segments`, chunk by chunk. */
export function planSteps(rng: Rng, segments: readonly Segment[]): Step[] {
  const steps: Step[] = [];
  let timeNs = startTime(rng);
  let total = 0;
  const gapRate = rng.pick([0, 0.01, 0.1]);
  for (const segment of segments) {
    if (total > MAX_CASE_BYTES) break;
    total += segment.data.length;
    for (const data of splitChunks(rng, segment.data)) {
      timeNs = nextTime(rng, timeNs);
      if (rng.chance(gapRate))
        steps.push({ op: 'gap', side: segment.side, length: gapLength(rng), timeNs });
      steps.push({ op: 'data', side: segment.side, data, timeNs });
    }
    if (rng.chance(0.3)) steps.push({ op: 'drain' });
  }
  if (rng.chance(0.9)) steps.push({ op: 'close', timeNs: nextTime(rng, timeNs) });
  return steps;
}

export function describeSteps(steps: readonly Step[]): string {
  return steps
    .map((s) => {
      if (s.op === 'data') return `data ${s.side} t=${s.timeNs} ${hex(s.data)}`;
      if (s.op === 'gap') return `gap ${s.side} length=${s.length} t=${s.timeNs}`;
      return s.op === 'close' ? `close t=${s.timeNs}` : 'drain';
    })
    .join('\n');
}
