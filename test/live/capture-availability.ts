/**
 * Whether live capture can run here. Off CI a live suite skips when its source cannot start;
 * with CI=true it fails instead (its beforeAll throws the reason).
 */
import { loadEbpfAddon } from '../../src/collector/capture/ebpf/load.js';
import { PcapLiveCapture } from '../../src/collector/capture/pcap/live/pcap-live-capture.js';

export const CI = process.env['CI'] === 'true';

function whyEbpfUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'live capture tests need root';
  try {
    loadEbpfAddon();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return null;
}

const ebpfUnavailable = whyEbpfUnavailable();

/** Whether to skip a live eBPF suite: only off CI, and only when eBPF cannot run. */
export const skipLiveEbpf = ebpfUnavailable !== null && !CI;

/** The first line of every live eBPF suite's beforeAll. */
export function requireEbpf(): void {
  if (ebpfUnavailable !== null) {
    throw new Error(`eBPF capture is unavailable in CI: ${ebpfUnavailable}`);
  }
}

/** Why libpcap cannot capture on lo, or null when it can (opens and closes a handle). */
export async function whyPcapUnavailable(): Promise<string | null> {
  try {
    await PcapLiveCapture.start({ interfaces: ['lo'], onEvents: () => undefined }).stop();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The first line of every live libpcap suite's beforeAll. */
export function requirePcap(unavailable: string | null): void {
  if (unavailable !== null) throw new Error(`libpcap capture is unavailable in CI: ${unavailable}`);
}
