import { execFileSync } from 'node:child_process';

/** Node exposes no sysconf(); ask getconf once, falling back to the x86-64 values. */
function getconf(name: string, fallback: number): number {
  try {
    const value = Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : fallback;
  } catch {
    return fallback;
  }
}

let cached: { clockTicksPerSecond: number; pageSizeBytes: number } | undefined;

export function sysconf(): { clockTicksPerSecond: number; pageSizeBytes: number } {
  cached ??= {
    clockTicksPerSecond: getconf('CLK_TCK', 100),
    pageSizeBytes: getconf('PAGESIZE', 4096),
  };
  return cached;
}
