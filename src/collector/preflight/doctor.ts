import { canLoadBpf, readPrivileges } from './capabilities.js';
import {
  addonCheck,
  btfCheck,
  kernelCheck,
  libpcapCheck,
  privilegeCheck,
  tracefsCheck,
  tracepointCheck,
  type Check,
  type SystemFacts,
} from './checks.js';
import { hasBtf, readKernel } from './kernel.js';
import { probeLibpcap } from './libpcap.js';
import { readMemory, type MemoryInfo } from './memory.js';
import { findEbpfAddon } from './native-addon.js';
import { ensureTracefs, readTracepoints } from './tracefs.js';

export type CaptureMode = 'ebpf' | 'pcap';

export interface ModeVerdict {
  readonly mode: CaptureMode;
  readonly usable: boolean;
  /** The failed checks that rule the mode out (empty when usable). */
  readonly blockers: readonly string[];
}

export interface DoctorReport {
  readonly checks: readonly Check[];
  readonly memory: MemoryInfo;
  readonly modes: readonly ModeVerdict[];
  /** The mode `--capture auto` picks, or null when none can work. */
  readonly auto: CaptureMode | null;
  readonly autoReason: string;
}

/** Check ids each mode depends on. */
const MODE_REQUIREMENTS: Record<CaptureMode, readonly string[]> = {
  ebpf: ['kernel', 'tracefs', 'tracepoints', 'btf', 'ebpf-addon'],
  pcap: ['libpcap'],
};

export function gatherFacts(): SystemFacts {
  const tracefs = ensureTracefs();
  return {
    kernel: readKernel(),
    privileges: readPrivileges(),
    tracefs,
    tracepoints: tracefs.path === null ? null : readTracepoints(tracefs.path),
    hasBtf: hasBtf(),
    libpcap: probeLibpcap(),
    ebpfAddon: findEbpfAddon(),
  };
}

function verdict(mode: CaptureMode, checks: readonly Check[], facts: SystemFacts): ModeVerdict {
  const byId = new Map(checks.map((c) => [c.id, c]));
  const blockers = MODE_REQUIREMENTS[mode].flatMap((id) => {
    const c = byId.get(id);
    return c?.status === 'fail' ? [`${c.title}: ${c.detail}`] : [];
  });
  const privileged =
    mode === 'pcap' ? facts.privileges.held.has('CAP_NET_RAW') : canLoadBpf(facts.privileges);
  if (!privileged) {
    blockers.push(
      mode === 'pcap' ? 'needs CAP_NET_RAW' : 'needs CAP_BPF + CAP_PERFMON or CAP_SYS_ADMIN',
    );
  }
  return { mode, usable: blockers.length === 0, blockers };
}

export function diagnose(facts: SystemFacts, memory: MemoryInfo): DoctorReport {
  const checks = [
    kernelCheck(facts),
    privilegeCheck(facts),
    tracefsCheck(facts),
    tracepointCheck(facts),
    btfCheck(facts),
    addonCheck(facts),
    libpcapCheck(facts),
  ];
  const modes = (['ebpf', 'pcap'] as const).map((m) => verdict(m, checks, facts));
  const [ebpf, pcap] = modes;
  let auto: CaptureMode | null = null;
  let autoReason: string;
  if (ebpf?.usable) {
    auto = 'ebpf';
    autoReason = 'eBPF can load: every process is seen, loopback included, with its pid';
  } else if (pcap?.usable) {
    auto = 'pcap';
    autoReason = `eBPF unavailable (${ebpf?.blockers.join('; ') ?? ''}); libpcap sees packets, processes matched via /proc`;
  } else {
    autoReason = 'no capture mode can work here; fix one of the failed checks above';
  }
  return { checks, memory, modes, auto, autoReason };
}

export function runDoctor(): DoctorReport {
  return diagnose(gatherFacts(), readMemory());
}
