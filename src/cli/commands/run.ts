import { Command, Option } from 'commander';
import {
  filtersProblem,
  isUnfiltered,
  MAX_FILTER_VALUES,
  pidProblem,
  portProblem,
  processNameProblem,
  type CaptureFilters,
} from '../../collector/live/capture-filters.js';
import { renderResults, type OutputFormat } from '../../format/result-renderers.js';
import { parseDuration } from '../../pxl/functions/duration.js';
import { loadBundledScript, loadScriptPath, type Script } from '../../scripts/bundle.js';
import { PxError } from '../../shared/errors.js';
import { chooseAgent, type AgentChoice } from '../agent-choice.js';
import type { CaptureMode } from '../capture-control.js';
import { openSession, runScriptOn, type DataSession } from '../session.js';

/** The capture filter flags as commander hands them over: parsed, repeats merged. */
export interface CaptureFilterFlags {
  pid?: number[];
  process?: string[];
  port?: number[];
}

export interface RunOptions extends CaptureFilterFlags {
  file?: string;
  output: OutputFormat;
  pcap?: string;
  for: string;
  storeMemory?: string;
  workers?: string;
  capture: CaptureMode;
  agent?: string | false;
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

/** `--workers` as an option to spread: absent when not given, so each source keeps its default. */
export function optionalWorkers(text: string | undefined): { workers?: number } {
  return text === undefined ? {} : { workers: parseWorkers(text) };
}

/** `--workers` text to a count; a usage error otherwise. */
function parseWorkers(text: string): number {
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
  const workers = optionalWorkers(options.workers);
  const filters = captureFilters(options, options.pcap);
  const agent = await agentUnlessFiltered(options, filters);
  if (agent !== null) {
    process.stderr.write(
      `querying the px agent at ${agent.address} (--no-agent to capture here)\n`,
    );
    try {
      process.stdout.write(renderResults(await agent.run(script, scriptArgs), options.output));
    } finally {
      agent.close();
    }
    return;
  }
  const session = await openSession({
    ...(options.pcap === undefined ? {} : { pcap: options.pcap }),
    filters,
    ...(options.storeMemory === undefined ? {} : { storeMemory: options.storeMemory }),
    forMs: parseForMs(options.for),
    ...workers,
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

/** Which agent answers: `px run`, `px script run` and `px live` share these. */
export function addAgentOptions(command: Command): Command {
  return command
    .option('--agent <address>', 'query the px agent there (socket path or host:port)')
    .option('--no-agent', 'capture in this process even when a local px agent is running');
}

/**
 * A commander parser for a comma-separated list that may also be repeated (`--pid 1,2 --pid 3`);
 * a bad value is a usage error naming it. `parse` returns the value or what is wrong with it.
 */
function listParser<T>(
  flag: string,
  parse: (text: string) => T | { problem: string },
  example: string,
): (text: string, previous: T[] | undefined) => T[] {
  return (text, previous) => {
    const values = [...(previous ?? [])];
    for (const item of text.split(',')) {
      const value = parse(item);
      if (typeof value === 'object' && value !== null && 'problem' in value) {
        throw new PxError(`invalid ${flag} "${item}": ${value.problem}`, 'usage.filter', example);
      }
      if (!values.includes(value)) values.push(value);
    }
    if (values.length > MAX_FILTER_VALUES) {
      throw new PxError(
        `too many ${flag} values (${values.length}; at most ${MAX_FILTER_VALUES})`,
        'usage.filter',
      );
    }
    return values;
  };
}

/** A whole number in `text`, checked by `problemOf`. */
function wholeNumber(problemOf: (n: number) => string | undefined) {
  return (text: string): number | { problem: string } => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    const problem = problemOf(value);
    return problem === undefined ? value : { problem };
  };
}

function processName(text: string): string | { problem: string } {
  const problem = processNameProblem(text);
  return problem === undefined ? text : { problem };
}

/** The filters the flags ask for. They apply to live capture: a capture file is a usage error. */
export function captureFilters(
  flags: CaptureFilterFlags,
  pcap: string | undefined,
): CaptureFilters {
  const filters = {
    pids: flags.pid ?? [],
    processNames: flags.process ?? [],
    ports: flags.port ?? [],
  };
  if (pcap !== undefined && !isUnfiltered(filters)) {
    throw new PxError(
      '--pid, --process and --port filter live capture, not a capture file',
      'usage.filter',
      'filter in the script instead, e.g. df = df[df.remote_port == 5432]',
    );
  }
  const problem = filtersProblem(filters);
  if (problem !== undefined)
    throw new PxError(`invalid capture filter: ${problem}`, 'usage.filter');
  return filters;
}

/**
 * The agent to ask, as chooseAgent decides, unless capture filters are set: they filter px's
 * own capture (an agent captures everything), so they mean capturing here.
 */
export function agentUnlessFiltered(
  options: AgentChoice,
  filters: CaptureFilters,
): ReturnType<typeof chooseAgent> {
  if (isUnfiltered(filters)) return chooseAgent(options);
  if (typeof options.agent === 'string') {
    throw new PxError(
      "--pid, --process and --port filter a capture of px's own, not an agent's",
      'usage.filter',
      'filter in the script instead, or leave out --agent',
    );
  }
  return Promise.resolve(null);
}

/** How live capture runs: the options every capturing command shares. */
export function addCaptureOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--capture <mode>', 'live capture: eBPF, libpcap, or eBPF falling back to libpcap')
        .choices(['auto', 'ebpf', 'pcap'])
        .default('auto'),
    )
    .addOption(
      new Option('--pid <pid,...>', 'capture only these processes (by process id)').argParser(
        listParser('--pid', wholeNumber(pidProblem), 'e.g. --pid 1234 or --pid 1234,5678'),
      ),
    )
    .addOption(
      new Option(
        '--process <name,...>',
        'capture only processes with this name, exactly as /proc/<pid>/comm shows it',
      ).argParser(listParser('--process', processName, 'e.g. --process nginx,postgres')),
    )
    .addOption(
      new Option(
        '--port <port,...>',
        'capture only connections with this local or remote TCP/UDP port',
      ).argParser(listParser('--port', wholeNumber(portProblem), 'e.g. --port 80,5432')),
    )
    .option('--store-memory <size>', 'memory for captured rows (e.g. 512MiB, 2GiB, 5%)')
    .option(
      '--workers <n>',
      'parser worker threads (default 1 live, where parsing moves to it once traffic is heavy; 0 for a capture file, split by flow when given)',
    );
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
    .option(
      '--for <duration>',
      'with no agent: how long to capture before running the script',
      '10s',
    );
  return addAgentOptions(addCaptureOptions(command))
    .argument('[script]', 'bundled script name (px/service_stats) or a .pxl file')
    .argument('[args...]', "script arguments after '--', e.g. -- --start_time=-10m");
}

const EXAMPLES = `
Examples:
  px run px/http_data                          capture 10s live, show HTTP requests
  px run px/service_stats --for 30s -o json    capture 30s, print JSON lines
  px run px/dns_data --pcap capture.pcap       analyse a capture file
  px run -f my_script.pxl --pcap capture.pcap  run your own script
  px run px/http_data -- --start_time=-1m      pass script arguments after --
  px run px/http_data --agent 10.0.0.5:7070    ask a node's px agent (see px agent)
  px run px/http_data --process nginx          capture only nginx's traffic
  px run px/pgsql_data --pid 4242 --port 5432  only pid 4242's connections on port 5432

When a px agent runs on this host, px run asks it (its history, no waiting) instead of
capturing for --for.

Capture filters: --pid and --process add up (a process matching either is captured); --port
narrows that to connections with the port at either end. Give several values comma-separated
or repeat the flag. Filters make px capture here rather than ask an agent. With --capture pcap,
--pid and --process keep the connections /proc ties to those processes: one already gone when
px looks (a short-lived client) is missed.`;

export function runCommand(): Command {
  return addRunOptions(new Command('run').description('run a PxL script once and print its tables'))
    .addHelpText('after', EXAMPLES)
    .action((name: string | undefined, args: string[], options: RunOptions) =>
      runOnce(name, args, options),
    );
}
