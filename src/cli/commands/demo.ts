import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { startDemo, type Demo } from '../../demo/demo.js';
import type { OutputFormat } from '../../format/result-renderers.js';
import { loadBundledScript } from '../../scripts/bundle.js';
import { PxError } from '../../shared/errors.js';
import { openSession } from '../session.js';
import { addLiveOptions, runLive, type LiveOptions } from './live.js';
import { parseForMs, renderScript } from './run.js';

export interface DemoCommandOptions extends LiveOptions {
  for?: string;
  rate: string;
  output: OutputFormat;
}

/** How long `px demo` captures when it prints instead of opening the live view. */
const PRINT_FOR = '20s';

/** Long enough for every service to have answered a few requests before capture starts. */
const WARM_UP_MS = 1000;

/** What the demo shows, each from the same capture; the DNS list is cut to a screenful. */
const SCRIPTS = [
  { name: 'px/service_stats', args: [] },
  { name: 'px/slow_endpoints', args: [] },
  { name: 'px/dns_data', args: ['--query=.demo', '--max_num_records=25'] },
] as const;

function parseRate(text: string): number {
  const rate = Number(text);
  if (!Number.isInteger(rate) || rate < 1 || rate > 500) {
    throw new PxError(`invalid --rate "${text}"`, 'usage.rate', 'give 1 to 500 requests a second');
  }
  return rate;
}

function startedLines(demo: Demo, rate: number): string[] {
  const lines = demo.services.map(
    (s) => `  ${s.name.padEnd(9)} pid ${String(s.pid).padEnd(8)} 127.0.0.1:${s.port}`,
  );
  return [
    `started the demo (${rate} requests/s into frontend):`,
    ...lines,
    ...demo.notes.map((n) => `note: ${n}`),
  ];
}

/** Captures the demo for `forMs`, then prints px's view of it. */
async function printDemo(forMs: number, options: DemoCommandOptions): Promise<void> {
  const scripts = SCRIPTS.map((s) => ({ ...loadBundledScript(s.name), args: s.args }));
  const progress = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  await sleep(WARM_UP_MS);
  const session = await openSession({ forMs, workers: 1, progress });
  const outputs = scripts.map((script) =>
    renderScript(script, session, script.args, options.output),
  );
  process.stdout.write(outputs.join(options.output === 'table' ? '\n' : ''));
}

/**
 * Starts the demo workload and opens `px live px/service_stats` on it; with `--for` (or
 * without a terminal) captures for that long and prints the tables instead. Stops it after.
 */
export async function runDemo(options: DemoCommandOptions): Promise<void> {
  const interactive = options.for === undefined && process.stdout.isTTY && process.stdin.isTTY;
  const forMs = interactive ? 0 : parseForMs(options.for ?? PRINT_FOR);
  const rate = parseRate(options.rate);
  const demo = await startDemo({ rate });
  try {
    startedLines(demo, rate).forEach((line) => process.stderr.write(`${line}\n`));
    // The demo watches its own capture, even when a px agent runs on this host.
    if (interactive) {
      await runLive({ name: 'px/service_stats', args: [], options: { ...options, agent: false } });
    } else await printDemo(forMs, options);
  } finally {
    await demo.stop();
  }
}

const EXAMPLES = `
The demo is a small shop on loopback, each part its own process: demo-frontend calls
demo-catalog and demo-checkout, demo-checkout calls demo-payments (about 300 ms a charge,
one in ten fails), names resolve through a private dnsmasq, the catalog reads a temporary
PostgreSQL when one is installed, and demo-loadgen sends the requests. Needs eBPF (root).

Examples:
  px demo                        watch it in px live (p picks scripts, m the service map)
  px demo --for 20s              capture 20s, then print services, slow endpoints and DNS
  px demo --for 1m --rate 100    a longer, busier run
  px demo --for 5s -o json       JSON lines, one per row, with the table name`;

export function demoCommand(): Command {
  return addLiveOptions(
    new Command('demo').description(
      "start a small multi-service workload on loopback and watch it in px's live view",
    ),
  )
    .option('--for <duration>', 'capture this long, then print the tables instead of px live')
    .option('--rate <n>', 'requests per second into the frontend', '30')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: DemoCommandOptions) => runDemo(options));
}
