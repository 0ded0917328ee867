import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/** MemTotal and MemAvailable from /proc/meminfo, bytes (os.totalmem as a fallback). */
export interface MemoryInfo {
  readonly totalBytes: number;
  readonly availableBytes: number | null;
}

export function parseMeminfo(text: string): MemoryInfo {
  const kib = (key: string): number | null => {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    return match ? Number(match[1]) * 1024 : null;
  };
  return { totalBytes: kib('MemTotal') ?? totalmem(), availableBytes: kib('MemAvailable') };
}

export function readMemory(): MemoryInfo {
  try {
    return parseMeminfo(readFileSync('/proc/meminfo', 'utf8'));
  } catch {
    return { totalBytes: totalmem(), availableBytes: null };
  }
}
