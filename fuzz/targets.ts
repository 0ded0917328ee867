import { PROTOCOL_SPECS } from '../src/collector/protocols/registry.js';
import { captureTarget } from './capture-target.js';
import type { Corpus } from './corpus.js';
import { datagramTarget } from './datagram-target.js';
import { protocolTarget } from './protocol-target.js';
import type { FuzzTarget } from './target.js';
import { trackerTarget } from './tracker-target.js';

/** Every target, in the order the runner takes turns: one per protocol, then the paths above them. */
export function allTargets(corpus: Corpus): FuzzTarget[] {
  return [
    ...PROTOCOL_SPECS.map((spec) => protocolTarget(spec, corpus)),
    datagramTarget(corpus),
    trackerTarget(corpus),
    captureTarget(corpus),
  ];
}
