/**
 * Everything eBPF capture needs before the BPF program can load: privileges, BTF, tracefs
 * (mounted here when missing), the tracepoints, and the built addon. Each failure says what is
 * missing and how to fix it.
 */
import { PxError } from '../../../shared/errors.js';
import { canLoadBpf, readPrivileges } from '../../preflight/capabilities.js';
import { BTF_PATH, hasBtf } from '../../preflight/kernel.js';
import { findEbpfAddon } from '../../preflight/native-addon.js';
import { ensureTracefs, readTracepoints } from '../../preflight/tracefs.js';
import { ABI_VERSION } from './layout.js';
import { isNativeStepError, requireAddon, type NativeAddon } from './native.js';

export class EbpfUnavailableError extends PxError {
  override name = 'EbpfUnavailableError';
}

const PCAP_FALLBACK = 'or use --capture pcap';

/** Checks the machine, mounts tracefs if needed and loads the addon. Throws EbpfUnavailableError. */
export function loadEbpfAddon(): NativeAddon {
  if (process.platform !== 'linux') {
    throw new EbpfUnavailableError('eBPF capture needs Linux', 'EBPF_UNSUPPORTED', PCAP_FALLBACK);
  }
  checkPrivileges();
  checkKernel();
  return loadAddon();
}

function checkPrivileges(): void {
  const privileges = readPrivileges();
  if (canLoadBpf(privileges)) return;
  throw new EbpfUnavailableError(
    `eBPF capture needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN); running as uid ` +
      `${privileges.uid} with ${[...privileges.held].join(', ') || 'no capabilities'}`,
    'EBPF_PRIVILEGES',
    'run px as root (sudo), or in Kubernetes give the pod securityContext.privileged: true, ' +
      PCAP_FALLBACK,
  );
}

function checkKernel(): void {
  if (!hasBtf()) {
    throw new EbpfUnavailableError(
      `the kernel has no BTF (${BTF_PATH} is missing), which CO-RE needs`,
      'EBPF_NO_BTF',
      `use a kernel built with CONFIG_DEBUG_INFO_BTF=y, ${PCAP_FALLBACK}`,
    );
  }
  const tracefs = ensureTracefs();
  if (tracefs.path === null) {
    throw new EbpfUnavailableError(
      `tracefs is not mounted and could not be mounted: ${tracefs.error ?? 'unknown error'}`,
      'EBPF_NO_TRACEFS',
      'mount it with `mount -t tracefs nodev /sys/kernel/tracing` (needs CAP_SYS_ADMIN), ' +
        'or in Kubernetes mount the host /sys/kernel/tracing into the pod',
    );
  }
  const tracepoints = readTracepoints(tracefs.path);
  if (tracepoints.missingSyscalls.length > 0) {
    throw new EbpfUnavailableError(
      `the kernel lacks syscall tracepoints for ${tracepoints.missingSyscalls.join(', ')}`,
      'EBPF_NO_TRACEPOINTS',
      `use a kernel built with CONFIG_FTRACE_SYSCALLS=y, ${PCAP_FALLBACK}`,
    );
  }
  if (!tracepoints.hasSockTracepoints) {
    throw new EbpfUnavailableError(
      'the kernel lacks the sock:sock_send_length and sock:sock_recv_length tracepoints',
      'EBPF_NO_TRACEPOINTS',
      `they arrived in Linux 6.3; on older kernels ${PCAP_FALLBACK}`,
    );
  }
}

function loadAddon(): NativeAddon {
  const path = findEbpfAddon();
  const build = 'build it with native/build.sh (apt-get install clang bpftool libbpf-dev first)';
  if (path === null) {
    throw new EbpfUnavailableError('the eBPF addon is not built', 'EBPF_NO_ADDON', build);
  }
  let addon: NativeAddon;
  try {
    addon = requireAddon(path);
  } catch (error) {
    throw new EbpfUnavailableError(
      `cannot load the eBPF addon ${path}: ${error instanceof Error ? error.message : String(error)}`,
      'EBPF_NO_ADDON',
      `if a shared library is missing: apt-get install libbpf1 libelf1; otherwise ${build}`,
      { cause: error },
    );
  }
  if (addon.abiVersion !== ABI_VERSION) {
    throw new EbpfUnavailableError(
      `the eBPF addon speaks record ABI ${addon.abiVersion}, this px reads ${ABI_VERSION}`,
      'EBPF_ABI',
      'rebuild it with native/build.sh',
    );
  }
  return addon;
}

/** Turns a failed Tracer.start() into an error that says what to do. */
export function explainStartError(error: unknown): EbpfUnavailableError {
  if (!isNativeStepError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return new EbpfUnavailableError(message, 'EBPF_START', undefined, { cause: error });
  }
  const lastLibbpfLine = error.detail.trim().split('\n').pop() ?? '';
  const detail = lastLibbpfLine === '' ? '' : ` (libbpf: ${lastLibbpfLine})`;
  return new EbpfUnavailableError(`${error.message}${detail}`, 'EBPF_START', startHint(error), {
    cause: error,
  });
}

function startHint(error: { step: string; code?: string; verifierLog?: string }): string {
  if (error.verifierLog !== undefined) {
    return `the verifier rejected the program; read ${error.verifierLog}, ${PCAP_FALLBACK}`;
  }
  if (error.code === 'EPERM') {
    return (
      'the kernel refused BPF: check that px runs as root with CAP_BPF, CAP_PERFMON and ' +
      'CAP_SYS_ADMIN, and that /sys/kernel/security/lockdown is not "confidentiality"'
    );
  }
  if (error.step.startsWith('attach') && error.code === 'ENOENT') {
    return `this kernel lacks the tracepoint (${error.step}); ${PCAP_FALLBACK}`;
  }
  return PCAP_FALLBACK;
}
