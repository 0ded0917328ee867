import { createRequire } from 'node:module';

export interface LibpcapState {
  readonly available: boolean;
  /** Interfaces libpcap can open (names), when available. */
  readonly devices: readonly string[];
  readonly error?: string;
}

interface CapModule {
  Cap: { deviceList(): { name: string }[] };
}

/** Loads the libpcap binding (the `cap` package) and lists devices, without capturing. */
export function probeLibpcap(): LibpcapState {
  try {
    const cap = createRequire(import.meta.url)('cap') as CapModule;
    return { available: true, devices: cap.Cap.deviceList().map((d) => d.name) };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { available: false, devices: [], error: detail ?? 'unknown error' };
  }
}
