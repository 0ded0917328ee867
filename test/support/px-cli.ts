import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_FLAGS } from '../../src/cli/node-flags.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const PX = join(ROOT, 'bin', 'px');

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the built CLI as a user would (`npm test` builds first). `prefix` runs it through
 * another command, e.g. setpriv to drop privileges.
 */
export function runPx(
  args: readonly string[],
  prefix: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): CliResult {
  if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('px is not built: run `npm run build` (npm test does it first)');
  }
  const [command, ...rest] = [...prefix, process.execPath, ...NODE_FLAGS, PX, ...args];
  const result = spawnSync(command as string, rest, { encoding: 'utf8', timeout: 60_000, env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
