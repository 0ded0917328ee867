import { Command, CommanderError } from 'commander';
import { VERSION } from '../shared/version.js';

/** Builds the commander program. Only finished commands are registered. */
export function createProgram(): Command {
  const program = new Command('px')
    .description(
      'Zero-instrumentation live debugging for Linux nodes: see HTTP, MySQL, PostgreSQL and DNS\n' +
        'traffic of every process, and ask questions about it in PxL.',
    )
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run "px --help" for usage)')
    .exitOverride();
  return program;
}

/** Runs the CLI; returns the process exit code (0 ok, 1 runtime error, 2 usage, 3 no capture). */
export async function run(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
}
