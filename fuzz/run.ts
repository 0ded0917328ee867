/**
 * The fuzzer's command line: `node dist/fuzz/run.js --help`. Runs mutated real traffic through
 * px's protocol parsers, the DNS datagram path, the connection tracker and the capture front
 * end, and stops at the first input that throws, breaks a check or grows memory.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseArgs } from 'node:util';
import { DEFAULT_PCAP_DIR, loadCorpus } from './corpus.js';
import { runFuzz, type Failure, type Progress } from './runner.js';
import { allTargets } from './targets.js';

const HELP = `px fuzz: mutated real traffic against px's parsers.

Usage: node dist/fuzz/run.js [options]

Seeds are the public captures in ${DEFAULT_PCAP_DIR}. Each case takes one of them and mutates
it (bit flips, interesting bytes, length fields at 0/0x7f/0x80/0xff../max, inserted, deleted
and repeated runs, protocol tokens, truncation, splices with other messages; and at the message
level: dropped, duplicated, repeated, reordered messages or events), then feeds it in random
chunks with gaps, timeouts and closes. Targets take turns:

  http, pgsql, mysql, dns  one protocol's parser (ProtocolConnection) and its detect()
  dns-udp                  DNS datagram detection and stitching
  tracker                  ConnTracker on mutated stream events (reordered, duplicated,
                           shifted, truncated chunks; dropped opens and closes)
  capture                  CaptureDecoder on a mutated pcap/pcapng file, then the tracker

A case fails when the code under test throws, when a record does not fit its table (unknown
column, wrong type, non-integer INT64, invalid JSON, oversized cell; and the store's own batch
validation), when a parser reports more buffered bytes than its cap plus one chunk, when a
parser, tracker or decoder holds more than its limits allow (measured by walking its objects),
or when the heap grows past --heap-mb over the run.

Options:
  --cases N       cases over all targets (default 200000)
  --seconds T     stop after T seconds even if cases remain
  --seed S        32-bit seed (default: random, printed); the same seed makes the same cases
  --target NAME   run only these targets (repeat, or comma-separate)
  --case I        replay case I of each chosen target (with --seed); a failure prints all its input
  --show          on failure, print the whole input instead of its first lines
  --pcaps DIR     where the captures are (default ${DEFAULT_PCAP_DIR}, from the repo root)
  --heap-mb M     allowed heap growth over the run (default 512)
  --help          this text

A failure prints its reproducer, e.g.
  reproduce: node dist/fuzz/run.js --seed 123 --target pgsql --case 4567
Exit status: 0 when every case passed, 1 on a failure, 2 on bad arguments.
`;

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Explicit garbage collection for the heap samples, when V8 lets us turn it on at run time. */
function findGc(): (() => void) | undefined {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
  if (typeof gc !== 'function') return undefined;
  const collect = gc as () => void;
  return () => {
    collect();
  };
}

function formatProgress(p: Progress): string {
  const rate = Math.round((p.cases / Math.max(p.elapsedMs, 1)) * 1000);
  const targets = [...p.perTarget].map(([name, c]) => `${name} ${c.cases}`).join(' ');
  const heap = `heap ${Math.round(p.heapBytes / 2 ** 20)} MB`;
  return `${p.cases} cases in ${(p.elapsedMs / 1000).toFixed(1)} s, ${rate}/s; ${targets}; ${heap}`;
}

function reportFailure(failure: Failure, show: boolean): void {
  out(
    `\nFAILURE (${failure.kind}) in target ${failure.target}, seed ${failure.seed}, case ${failure.index}`,
  );
  out(failure.message);
  if (failure.stack !== '') out(failure.stack);
  const lines = failure.input.split('\n');
  const shown = show ? lines : lines.slice(0, 40);
  if (failure.input !== '') out(`input:\n${shown.join('\n')}`);
  if (shown.length < lines.length)
    out(`... ${lines.length - shown.length} more lines (--show prints them)`);
  out(
    `reproduce: node dist/fuzz/run.js --seed ${failure.seed} --target ${failure.target} --case ${failure.index}`,
  );
}

function main(): number {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '200000' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      target: { type: 'string', multiple: true },
      case: { type: 'string' },
      show: { type: 'boolean', default: false },
      pcaps: { type: 'string', default: DEFAULT_PCAP_DIR },
      'heap-mb': { type: 'string', default: '512' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(HELP);
    return 0;
  }
  const seed =
    values.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(values.seed) >>> 0;
  const corpus = loadCorpus(values.pcaps);
  const wanted = (values.target ?? []).flatMap((t) => t.split(','));
  const targets = allTargets(corpus).filter((t) => wanted.length === 0 || wanted.includes(t.name));
  if (targets.length === 0) throw new Error(`no target named ${wanted.join(', ')}`);
  out(`seed ${seed}; ${corpus.captures.length} captures; targets:`);
  for (const t of targets) out(`  ${t.name}: ${t.about}`);
  const only = values.case === undefined ? undefined : Number(values.case);
  const summary = runFuzz({
    targets,
    seed,
    cases: Number(values.cases),
    ...(values.seconds === undefined ? {} : { seconds: Number(values.seconds) }),
    ...(only === undefined ? {} : { only }),
    heapGrowthBytes: Number(values['heap-mb']) * 2 ** 20,
    gc: findGc(),
    onProgress: (p) => {
      out(formatProgress(p));
    },
  });
  out(formatProgress(summary));
  for (const [name, c] of summary.perTarget) {
    const kb = (n: number): string => `${Math.round(n / 1024)} KB`;
    out(
      `  ${name}: ${c.cases} cases, ${kb(c.bytes)} fed, ${c.records} rows, held at most ${kb(c.maxRetainedBytes)}, slowest case ${c.slowestIndex} (${c.slowestMs.toFixed(1)} ms)`,
    );
  }
  if (summary.failure !== undefined) {
    reportFailure(summary.failure, values.show || only !== undefined);
    return 1;
  }
  out(
    only === undefined
      ? 'no failures'
      : `case ${only} passed for ${targets.map((t) => t.name).join(', ')}`,
  );
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}
