/**
 * One protocol's ProtocolConnection (and its detector) fed a mutated conversation (see
 * conversation.ts), checked after every step; a few cases soak the parser (see soak.ts).
 */
import type {
  MessageSide,
  ParserOptions,
  ProtocolConnection,
  ProtocolRecord,
  ProtocolSpec,
} from '../src/collector/protocols/common/types.js';
import type { Store } from '../src/store/index.js';
import { RecordCheck, check } from './checks.js';
import { describeSteps, mutateConversation, planSteps, type Step } from './conversation.js';
import type { Corpus } from './corpus.js';
import { measureRetained } from './retained.js';
import { soak } from './soak.js';
import type { Rng } from './rng.js';
import { pickParserOptions, type CaseStats, type FuzzCase, type FuzzTarget } from './target.js';

/** The share of cases that soak (they take some 50 times longer than the others). */
const SOAK_RATE = 0.003;

interface Plan {
  readonly options: ParserOptions;
  readonly steps: readonly Step[];
  /** Feed the steps again until SOAK_BYTES went in, checking the parser stops growing. */
  readonly soak: boolean;
}

/** What HTTP and DNS over TCP report beyond the ProtocolConnection contract. */
interface ReportsBuffer {
  bufferedBytes(side: MessageSide): number;
}

function bufferedBytes(parser: ProtocolConnection, side: MessageSide): number | undefined {
  const reporting = parser as ProtocolConnection & Partial<ReportsBuffer>;
  return typeof reporting.bufferedBytes === 'function' ? reporting.bufferedBytes(side) : undefined;
}

/** One parser under test, with the checks that follow every step. */
class ParserRun {
  readonly parser: ProtocolConnection;
  readonly records: RecordCheck;
  private readonly out: ProtocolRecord[] = [];
  bytes = 0;
  held = 0;

  constructor(
    private readonly spec: ProtocolSpec,
    private readonly options: ParserOptions,
  ) {
    this.parser = spec.createConnection(options);
    this.records = new RecordCheck(options);
  }

  /** Runs `step` with its time moved by `shiftNs`; returns the bytes it fed. */
  step(step: Step, shiftNs = 0n): number {
    const { parser, spec } = this;
    let fed = 0;
    if (step.op === 'data') {
      parser.onData(step.side, step.data, step.timeNs + shiftNs);
      fed = step.data.length;
      const buffered = bufferedBytes(parser, step.side);
      const bound = this.options.maxBufferBytes + fed;
      check(
        buffered === undefined || buffered <= bound,
        () => `${spec.name} buffers ${buffered} bytes > ${bound}`,
      );
    } else if (step.op === 'gap') {
      parser.onGap(step.side, step.length, step.timeNs + shiftNs);
    } else if (step.op === 'close') {
      this.measure();
      parser.onClose(step.timeNs + shiftNs);
    }
    parser.drain(this.out);
    this.records.take(this.out, spec.table);
    this.bytes += fed;
    return fed;
  }

  measure(): number {
    const bytes = measureRetained(this.parser).bytes;
    this.held = Math.max(this.held, bytes);
    return bytes;
  }
}

/** The conversation's bytes and gaps again and again (see soak.ts), later in time each round. */
function soakParser(run: ParserRun, steps: readonly Step[], store: Store): void {
  const span = 10n ** 12n;
  const body = steps.filter((s) => s.op === 'data' || s.op === 'gap');
  soak(
    run.parser.constructor.name,
    (n) => {
      let fed = 0;
      for (const step of body) fed += run.step(step, BigInt(n + 1) * span);
      // Rows go to the store now and then: a small input makes hundreds of thousands of rounds.
      if (n % 256 === 255) run.records.flush(store);
      return fed;
    },
    () => run.measure(),
  );
}

function runSteps(spec: ProtocolSpec, plan: Plan, store: Store): CaseStats {
  const run = new ParserRun(spec, plan.options);
  for (const step of plan.steps) {
    if (step.op === 'close' && plan.soak) soakParser(run, plan.steps, store);
    run.step(step);
  }
  if (plan.steps.at(-1)?.op !== 'close') run.measure();
  for (const [name, value] of Object.entries(run.parser.stats)) {
    check(Number.isFinite(value) && value >= 0, () => `${spec.name} stats.${name} is ${value}`);
  }
  run.records.flush(store);
  return { bytes: run.bytes, records: run.records.rows, retainedBytes: run.held };
}

/** The target for one protocol: its parser and its detector on mutated conversations. */
export function protocolTarget(spec: ProtocolSpec, corpus: Corpus): FuzzTarget {
  const own = corpus.conversations.get(spec.name) ?? [];
  if (own.length === 0) throw new Error(`no ${spec.name} conversations in the corpus`);
  return {
    name: spec.name,
    about: `${spec.name} ProtocolConnection and detect() on ${own.length} mutated connections`,
    plan(rng: Rng): FuzzCase {
      const options = pickParserOptions(rng);
      const steps = planSteps(rng, mutateConversation(rng, corpus, own));
      const plan: Plan = { options, steps, soak: rng.chance(SOAK_RATE) };
      return {
        run(store: Store): CaseStats {
          for (const step of steps) if (step.op === 'data') spec.detect(step.data);
          return runSteps(spec, plan, store);
        },
        describe: () =>
          `options ${JSON.stringify(options)} soak=${plan.soak}\n${describeSteps(steps)}`,
      };
    },
  };
}
