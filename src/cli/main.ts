import { Command, CommanderError } from 'commander';
import { PxlError } from '../pxl/errors.js';
import { PxError } from '../shared/errors.js';
import { VERSION } from '../shared/version.js';
import { agentCommand } from './commands/agent.js';
import { demoCommand } from './commands/demo.js';
import { doctorCommand } from './commands/doctor.js';
import { liveCommand } from './commands/live.js';
import { runCommand } from './commands/run.js';
import { scriptCommand } from './commands/script.js';
import { EXIT, type RunStatus } from './exit-codes.js';

/** Builds the commander program. Only finished commands are registered. */
export function createProgram(status: RunStatus): Command {
  const program = new Command('px')
    .description(
      'Zero-instrumentation live debugging for Linux nodes: see the HTTP, MySQL, PostgreSQL and ' +
        'DNS traffic of every process, and ask questions about it in PxL.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run "px --help" for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit status: 0 ok, 1 script or runtime error, 2 usage error, 3 no capture mode can work.

Start with:
  px demo                        watch px on a small demo system (services, DNS, PostgreSQL)
  px doctor                      can px capture here, and how?
  px live                        capture and watch services live (keys: ? for help)
  px run px/service_stats        capture 10 s, then show request rate, errors and latency
  px script list                 the bundled scripts
  px agent                       keep capturing; px run and px live on this host then ask it`,
    );
  program.addCommand(liveCommand());
  program.addCommand(runCommand());
  program.addCommand(scriptCommand());
  program.addCommand(doctorCommand(status));
  program.addCommand(demoCommand());
  program.addCommand(agentCommand());
  return program;
}

/** Runs the CLI; returns the process exit code. */
export async function run(argv: readonly string[]): Promise<number> {
  const status: RunStatus = { exitCode: EXIT.ok };
  const program = createProgram(status);
  try {
    await program.parseAsync([...argv]);
    return status.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    return reportError(error, program.opts<{ debug?: boolean }>().debug === true);
  }
}

function reportError(error: unknown, debug: boolean): number {
  if (error instanceof PxlError) {
    process.stderr.write(`${error.render()}\n`);
    return EXIT.runtime;
  }
  if (error instanceof PxError) {
    process.stderr.write(`px: ${error.message}\n`);
    if (error.hint !== undefined) process.stderr.write(`hint: ${error.hint}\n`);
    if (debug && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
    return exitCodeOf(error.code);
  }
  process.stderr.write(`px: internal error: ${String(error)}\n`);
  if (error instanceof Error && error.stack !== undefined) process.stderr.write(`${error.stack}\n`);
  return EXIT.runtime;
}

/** Usage mistakes exit 2, a capture that cannot start exits 3, anything else 1. */
function exitCodeOf(code: string): number {
  if (code.startsWith('usage.') || code.startsWith('args.')) return EXIT.usage;
  if (code.startsWith('EBPF_') || code.startsWith('PCAP_')) return EXIT.noCapture;
  return EXIT.runtime;
}
