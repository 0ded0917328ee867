import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../../shared/paths.js';

/**
 * The compiled script of a worker that sits beside the module at `moduleUrl`: the sibling
 * .js file when running from dist/, else dist's copy (vitest runs src/, and Node 20 cannot
 * start a .ts worker).
 */
export function compiledWorkerScript(moduleUrl: string, fileName: string): string {
  const dir = dirname(fileURLToPath(moduleUrl));
  const sibling = join(dir, fileName);
  if (existsSync(sibling)) return sibling;
  const root = packageRoot();
  return join(root, 'dist', relative(root, dir), fileName);
}
