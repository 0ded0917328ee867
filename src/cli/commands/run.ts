import { Command, Option } from 'commander';
import { renderResults, type OutputFormat } from '../../format/result-renderers.js';
import { parseDuration } from '../../pxl/functions/duration.js';
import { loadBundledScript, loadScriptPath, type Script } from '../../scripts/bundle.js';
import { PxError } from '../../shared/errors.js';
import type { CaptureMode } from '../capture-control.js';
import { openSession, runScriptOn, type DataSession } from '../session.js';

export interface RunOptions {
  file?: string;
  output: OutputFormat;
  pcap?: string;
  for: string;
  storeMemory?: string;
  workers: string;
  capture: CaptureMode;
}

function resolveScript(name: string | undefined, file: string | undefined): Script {
  if (file !== undefined) return loadScriptPath(file);
  if (name === undefined) {
    throw new PxError(
      'no script given',
      'usage.no_script',
      'px run px/service_stats, or px run -f my.pxl',
    );
  }
  return name.endsWith('.pxl') ? loadScriptPath(name) : loadBundledScript(name);
}

/** `--for` text ("10s", "2m") to milliseconds; a usage error otherwise. */
export function parseForMs(text: string): number {
  const ns = parseDuration(text.startsWith('-') ? text.slice(1) : text);
  if (ns === undefined || ns <= 0) {
    throw new PxError(
      `invalid duration "${text}"`,
      'usage.duration',
      'write a duration such as 5s, 30s or 2m',
    );
  }
  return ns / 1e6;
}

/** `--workers` text to a count; a usage error otherwise. */
export function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 0) {
    throw new PxError(
      `invalid --workers "${text}"`,
      'usage.workers',
      'give 0 (parse on the main thread) or more',
    );
  }
  return workers;
}

/** Runs a script once: reads a capture file or captures live for a while, then prints results. */
export async function runOnce(
  name: string | undefined,
  scriptArgs: readonly string[],
  options: RunOptions,
): Promise<void> {
  // With -f, commander hands the first script flag to [script]; it belongs to the script.
  if (options.file !== undefined && name !== undefined) {
    return runOnce(undefined, [name, ...scriptArgs], options);
  }
  const script = resolveScript(name, options.file);
  const workers = parseWorkers(options.workers);
  const session = await openSession({
    ...(options.pcap === undefined ? {} : { pcap: options.pcap }),
    ...(options.storeMemory === undefined ? {} : { storeMemory: options.storeMemory }),
    forMs: parseForMs(options.for),
    workers,
    capture: options.capture,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(renderScript(script, session, scriptArgs, options.output));
}

/** Runs a script over a session's rows and renders its tables. */
export function renderScript(
  script: Script,
  session: DataSession,
  args: readonly string[],
  format: OutputFormat,
): string {
  const results = runScriptOn(script, session, session.now, args);
  return renderResults(results, format);
}

/** The options `px run` and `px script run` share. */
/** How live capture runs: the options every capturing command shares. */
export function addCaptureOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--capture <mode>', 'live capture: eBPF, libpcap, or eBPF falling back to libpcap')
        .choices(['auto', 'ebpf', 'pcap'])
        .default('auto'),
    )
    .option('--store-memory <size>', 'memory for captured rows (e.g. 512MiB, 2GiB, 5%)')
    .option('--workers <n>', 'parser worker threads (0 = parse on the main thread)', '1');
}

export function addRunOptions(command: Command): Command {
  command
    .option('-f, --file <path>', 'run a .pxl file or a script folder instead of a bundled script')
    .addOption(
      new Option('-o, --output <format>', 'output format')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .option('--pcap <file>', 'read traffic from a pcap/pcapng file instead of capturing live')
    .option('--for <duration>', 'how long to capture live before running the script', '10s');
  return addCaptureOptions(command)
    .argument('[script]', 'bundled script name (px/service_stats) or a .pxl file')
    .argument('[args...]', "script arguments after '--', e.g. -- --start_time=-10m");
}

const EXAMPLES = `
Examples:
  px run px/http_data                          capture 10s live, show HTTP requests
  px run px/service_stats --for 30s -o json    capture 30s, print JSON lines
  px run px/dns_data --pcap capture.pcap       analyse a capture file
  px run -f my_script.pxl --pcap capture.pcap  run your own script
  px run px/http_data -- --start_time=-1m      pass script arguments after --`;

export function runCommand(): Command {
  return addRunOptions(new Command('run').description('run a PxL script once and print its tables'))
    .addHelpText('after', EXAMPLES)
    .action((name: string | undefined, args: string[], options: RunOptions) =>
      runOnce(name, args, options),
    );
}
