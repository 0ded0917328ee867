import { setTimeout as sleep } from 'node:timers/promises';
import { Command, Option } from 'commander';
import { startDemo, type Demo } from '../../demo/demo.js';
import type { OutputFormat } from '../../format/result-renderers.js';
import { loadBundledScript } from '../../scripts/bundle.js';
import { PxError } from '../../shared/errors.js';
import { openSession } from '../session.js';
import { parseForMs, renderScript } from './run.js';

export interface DemoCommandOptions {
  for: string;
  rate: string;
  output: OutputFormat;
}

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

/** Starts the demo workload, captures it live for `--for`, prints px's view, stops it. */
export async function runDemo(options: DemoCommandOptions): Promise<void> {
  const forMs = parseForMs(options.for);
  const rate = parseRate(options.rate);
  const scripts = SCRIPTS.map((s) => ({ ...loadBundledScript(s.name), args: s.args }));
  const progress = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  const demo = await startDemo({ rate });
  try {
    startedLines(demo, rate).forEach(progress);
    await sleep(WARM_UP_MS);
    const session = await openSession({ forMs, workers: 1, progress });
    const outputs = scripts.map((script) =>
      renderScript(script, session, script.args, options.output),
    );
    process.stdout.write(outputs.join(options.output === 'table' ? '\n' : ''));
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
  px demo                        capture 20s, then show services, slow endpoints and DNS
  px demo --for 1m --rate 100    a longer, busier run
  px demo --for 5s -o json       JSON lines, one per row, with the table name`;

export function demoCommand(): Command {
  return new Command('demo')
    .description("start a small multi-service workload on loopback and show px's view of it")
    .option('--for <duration>', 'how long to capture the workload', '20s')
    .option('--rate <n>', 'requests per second into the frontend', '30')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: DemoCommandOptions) => runDemo(options));
}
