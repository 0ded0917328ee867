import { Command } from 'commander';
import { defaultAgentAddress, describeAddress, parseAgentAddress } from '../../agent/address.js';
import { serveAgent } from '../../agent/server.js';
import type { CaptureMode } from '../capture-control.js';
import { openLiveSource } from '../live-source.js';
import {
  addCaptureOptions,
  captureFilters,
  optionalWorkers,
  type CaptureFilterFlags,
} from './run.js';

interface AgentOptions extends CaptureFilterFlags {
  listen?: string;
  capture: CaptureMode;
  storeMemory?: string;
  workers?: string;
}

/** How often the agent logs one line about itself (stderr, for journald or a terminal). */
const LOG_EVERY_MS = 60_000;

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // Not SIGHUP: `nohup px agent &` must outlive its terminal (a handler would undo nohup).
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, resolve);
  });
}

/** Captures until stopped and answers the scripts terminals send it. */
async function runAgent(options: AgentOptions): Promise<void> {
  const address =
    options.listen === undefined ? defaultAgentAddress() : parseAgentAddress(options.listen);
  const log = (line: string): boolean => process.stderr.write(`px agent: ${line}\n`);
  const live = await openLiveSource({
    ...(options.storeMemory === undefined ? {} : { storeMemory: options.storeMemory }),
    capture: options.capture,
    ...optionalWorkers(options.workers),
    filters: captureFilters(options, undefined),
    progress: log,
  });
  try {
    const agent = await serveAgent(address, live.source);
    const where = describeAddress(address);
    log(`capturing with ${live.source.status().capture}; serving queries at ${where}`);
    if (address.kind === 'tcp') {
      log('anyone who can reach this port can read the captured traffic: firewall it');
    }
    log(
      address.kind === 'unix' && where === describeAddress(defaultAgentAddress())
        ? 'px run, px live and px script run on this host use it'
        : `query it with --agent ${where}`,
    );
    const heartbeat = setInterval(() => {
      const s = live.source.status();
      log(
        `${live.source.rowsSeen()} rows so far, ${Math.round(s.eventsPerSecond ?? 0)} events/s, drops ${s.drops ?? 0}`,
      );
    }, LOG_EVERY_MS);
    const signal = await waitForSignal();
    clearInterval(heartbeat);
    log(`${signal}: stopping`);
    await agent.close();
  } finally {
    await live.close();
  }
}

const EXAMPLES = `
The agent keeps capturing, so queries see history instead of waiting for a fresh capture.
px run, px script run and px live use the local agent when one is running (--no-agent to
capture in that process instead), or a remote one with --agent host:port.

Examples:
  px agent                                 serve at ${describeAddress(defaultAgentAddress())} (root only)
  px agent --listen :7070                  serve on TCP port 7070 (firewall it)
  px run px/http_data                      then, on the same host: answered by the agent
  px live --agent 10.0.0.5:7070            watch a node's agent from your terminal`;

export function agentCommand(): Command {
  return addCaptureOptions(
    new Command('agent')
      .description('capture continuously and answer px run / px live from other terminals')
      .option('--listen <address>', 'socket path or host:port to serve queries on'),
  )
    .addHelpText('after', EXAMPLES)
    .action((options: AgentOptions) => runAgent(options));
}
