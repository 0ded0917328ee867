import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The px checkout or install root (the folder holding package.json). Found by walking up
 * from this file, so it works from src/ under vitest and from dist/ when built.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('px: cannot find package.json above ' + import.meta.url);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}
