import { Command } from 'commander';
import {
  listBundledScripts,
  loadBundledScript,
  loadScriptPath,
  type Script,
} from '../../scripts/bundle.js';
import { PxError } from '../../shared/errors.js';
import type * as RenderLive from '../../tui/render-live.js';
import type { CaptureMode } from '../capture-control.js';
import { agentLiveSource } from '../agent-live-source.js';
import { openLiveSource, type OpenLiveSource } from '../live-source.js';
import {
  addAgentOptions,
  addCaptureOptions,
  agentUnlessFiltered,
  captureFilters,
  parseForMs,
  optionalWorkers,
  type CaptureFilterFlags,
} from './run.js';

type TuiModule = typeof RenderLive;

export interface LiveOptions extends CaptureFilterFlags {
  file?: string;
  pcap?: string;
  capture: CaptureMode;
  refresh: string;
  storeMemory?: string;
  workers?: string;
  agent?: string | false;
}

export const DEFAULT_LIVE_SCRIPT = 'px/service_stats';

function requireTerminal(): void {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new PxError(
      'px live needs a terminal',
      'usage.no_tty',
      'for output to a pipe or a file use px run (e.g. px run px/service_stats -o json)',
    );
  }
}

/** The scripts the picker offers: the bundled ones, and the user's own file first. */
function scriptsFor(name: string, file: string | undefined): { scripts: Script[]; first: string } {
  const bundled = listBundledScripts();
  if (file !== undefined || name.endsWith('.pxl')) {
    const own = loadScriptPath(file ?? name);
    return { scripts: [own, ...bundled], first: own.name };
  }
  return { scripts: bundled, first: loadBundledScript(name).name };
}

/**
 * Ink prints only the last frame when it believes it runs in CI (the CI variable is set), which
 * would leave a terminal blank; this is a terminal, so say so before Ink is first loaded. Loading
 * the TUI lazily also keeps React and Ink out of `px run`'s start-up.
 */
async function loadTui(): Promise<TuiModule> {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
  return import('../../tui/render-live.js');
}

export interface LiveRun {
  readonly name: string;
  readonly args: readonly string[];
  readonly options: LiveOptions;
}

/** The local agent, the one named with --agent, or a capture (or file) of our own. */
async function openSource(options: LiveOptions): Promise<OpenLiveSource> {
  const filters = captureFilters(options, options.pcap);
  const agent = await agentUnlessFiltered(options, filters);
  if (agent !== null) return agentLiveSource(agent);
  return openLiveSource({
    ...(options.pcap === undefined ? {} : { pcap: options.pcap }),
    ...(options.storeMemory === undefined ? {} : { storeMemory: options.storeMemory }),
    capture: options.capture,
    ...optionalWorkers(options.workers),
    filters,
    progress: (line) => process.stderr.write(`${line}\n`),
  });
}

/** Captures continuously and shows the script in the terminal UI until the user quits. */
export async function runLive({ name, args, options }: LiveRun): Promise<void> {
  requireTerminal();
  const { scripts, first } = scriptsFor(name, options.file);
  const refreshMs = parseForMs(options.refresh);
  const live = await openSource(options);
  try {
    const { showLiveView } = await loadTui();
    await showLiveView({ source: live.source, scripts, scriptName: first, args, refreshMs });
  } finally {
    await live.close();
  }
}

/** Options `px live` and `px demo` share. */
export function addLiveOptions(command: Command): Command {
  return addCaptureOptions(
    command.option(
      '--refresh <duration>',
      'longest wait between runs of the script (new rows bring a run forward)',
      '2s',
    ),
  );
}

const EXAMPLES = `
Keys: ↑↓ select, Enter row detail, < > sort, / filter, Tab next widget, p pick a script,
m service map, a edit arguments, space pause, + - refresh period, ? all keys, q quit.

Examples:
  px live                                  request rate, errors and latency per service
  px live px/http_data -- --path=/api      HTTP requests whose path contains /api
  px live px/service_map                   who calls whom, with req/s, errors and p99
  px live --pcap capture.pcap px/dns_data  browse a capture file
  px live -f my_script.pxl --refresh 5s    your own script, re-run every 5 s
  px live --agent 10.0.0.5:7070            watch the px agent of another node
  px live --process nginx --port 8080      only nginx's connections on port 8080

When a px agent runs on this host, px live watches it (with its history) instead of
starting a capture of its own.`;

export function liveCommand(): Command {
  return addAgentOptions(
    addLiveOptions(
      new Command('live').description(
        'capture continuously (or watch a px agent) and see a script in the terminal UI',
      ),
    ),
  )
    .option('-f, --file <path>', 'watch a .pxl file or a script folder instead of a bundled script')
    .option('--pcap <file>', 'browse a pcap/pcapng file instead of capturing live')
    .argument('[script]', 'bundled script name or a .pxl file', DEFAULT_LIVE_SCRIPT)
    .argument('[args...]', "script arguments after '--', e.g. -- --start_time=-10m")
    .addHelpText('after', EXAMPLES)
    .action((name: string, args: string[], options: LiveOptions) => {
      // With -f, commander hands the first script flag to [script]; it belongs to the script.
      const fileArgs =
        options.file !== undefined && name !== DEFAULT_LIVE_SCRIPT ? [name, ...args] : args;
      return runLive({ name, args: fileArgs, options });
    });
}
