import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../shared/paths.js';

/** Where node-gyp puts the eBPF addon (`npm run build:native`). */
export function nativeBuildDir(): string {
  return join(packageRoot(), 'native', 'build', 'Release');
}

/** The built eBPF addon, or null when the native part has not been built. */
export function findEbpfAddon(): string | null {
  const dir = nativeBuildDir();
  if (!existsSync(dir)) return null;
  const addon = readdirSync(dir).find((f) => f.endsWith('.node'));
  return addon === undefined ? null : join(dir, addon);
}
