import { existsSync } from 'node:fs';
import { release } from 'node:os';

export interface KernelVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
}

export function parseKernelRelease(text: string): KernelVersion {
  const match = /^(\d+)\.(\d+)/.exec(text);
  return { text, major: Number(match?.[1] ?? 0), minor: Number(match?.[2] ?? 0) };
}

export function readKernel(): KernelVersion {
  return parseKernelRelease(release());
}

export function atLeast(v: KernelVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export const BTF_PATH = '/sys/kernel/btf/vmlinux';

export function hasBtf(): boolean {
  return existsSync(BTF_PATH);
}
