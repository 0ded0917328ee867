import { readFileSync } from 'node:fs';

/** The capabilities capture needs, with their bit numbers from linux/capability.h. */
export const CAPABILITIES = {
  CAP_NET_RAW: 13,
  CAP_SYS_ADMIN: 21,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
} as const;

export type CapabilityName = keyof typeof CAPABILITIES;

export interface Privileges {
  readonly uid: number;
  readonly isRoot: boolean;
  /** Effective capabilities we hold, of those capture cares about. */
  readonly held: ReadonlySet<CapabilityName>;
}

/** Parses the CapEff line of /proc/<pid>/status (a hex mask). */
export function parseEffectiveCaps(status: string): ReadonlySet<CapabilityName> {
  const match = /^CapEff:\s*([0-9a-f]+)$/im.exec(status);
  const mask = BigInt(`0x${match?.[1] ?? '0'}`);
  const held = new Set<CapabilityName>();
  for (const [name, bit] of Object.entries(CAPABILITIES) as [CapabilityName, number][]) {
    if ((mask >> BigInt(bit)) & 1n) held.add(name);
  }
  return held;
}

export function readPrivileges(): Privileges {
  const uid = process.getuid?.() ?? -1;
  let held: ReadonlySet<CapabilityName> = new Set();
  try {
    held = parseEffectiveCaps(readFileSync('/proc/self/status', 'utf8'));
  } catch {
    // No /proc: we cannot tell, and report no capabilities.
  }
  return { uid, isRoot: uid === 0, held };
}

/** Loading BPF needs CAP_BPF + CAP_PERFMON (5.8+), or CAP_SYS_ADMIN on any kernel. */
export function canLoadBpf(p: Privileges): boolean {
  return p.held.has('CAP_SYS_ADMIN') || (p.held.has('CAP_BPF') && p.held.has('CAP_PERFMON'));
}
