import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BatchBuilder, networkStats, type RowBatch } from '../../store/index.js';
import { parseNetDev, type InterfaceCounters } from './proc-files.js';
import { listPids } from './process-stats.js';

/** network_stats columns and the /proc/net/dev counter each sums. */
const COUNTERS: readonly (readonly [string, Exclude<keyof InterfaceCounters, 'name'>])[] = [
  ['rx_bytes', 'rxBytes'],
  ['rx_packets', 'rxPackets'],
  ['rx_errors', 'rxErrors'],
  ['rx_drops', 'rxDrops'],
  ['tx_bytes', 'txBytes'],
  ['tx_packets', 'txPackets'],
  ['tx_errors', 'txErrors'],
  ['tx_drops', 'txDrops'],
];

/** The pod_id standing in for our own (the host's) network namespace. */
export const HOST_POD_ID = 'host';

function netnsOf(procRoot: string, pid: number | 'self'): string | null {
  try {
    return readlinkSync(join(procRoot, String(pid), 'ns', 'net')); // "net:[4026531833]"
  } catch {
    return null;
  }
}

/**
 * One network_stats row per network namespace: the sum over its interfaces except `lo`
 * (loopback never leaves the namespace). Pixie keys this table by pod; without Kubernetes a
 * namespace is the closest thing, named "host" for ours and "netns:<inode>" for the others.
 */
export function sampleNetworkStats(timeNs: bigint, procRoot = '/proc'): RowBatch {
  const hostNs = netnsOf(procRoot, 'self');
  const firstPidByNs = new Map<string, number>();
  for (const pid of listPids(procRoot)) {
    const ns = netnsOf(procRoot, pid);
    if (ns !== null && !firstPidByNs.has(ns)) firstPidByNs.set(ns, pid);
  }
  const rows = new BatchBuilder(networkStats);
  for (const [ns, pid] of firstPidByNs) {
    let text: string;
    try {
      text = readFileSync(join(procRoot, String(pid), 'net', 'dev'), 'utf8');
    } catch {
      continue;
    }
    const totals: Record<string, number> = {};
    for (const [column] of COUNTERS) totals[column] = 0;
    for (const counters of parseNetDev(text)) {
      if (counters.name === 'lo') continue;
      for (const [column, field] of COUNTERS)
        totals[column] = (totals[column] ?? 0) + counters[field];
    }
    const podId = ns === hostNs ? HOST_POD_ID : `netns:${/\d+/.exec(ns)?.[0] ?? ns}`;
    rows.push({ time_: timeNs, pod_id: podId, ...totals });
  }
  return rows.take();
}
