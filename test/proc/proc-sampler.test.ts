import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcSampler } from '../../src/collector/proc/proc-sampler.js';
import { sampleNetworkStats } from '../../src/collector/proc/network-stats.js';
import { sampleProcessStats } from '../../src/collector/proc/process-stats.js';
import { parseProcStat } from '../../src/collector/proc/proc-files.js';
import { makeUpid } from '../../src/collector/proc/upid.js';
import { readValue, Store, type RowBatch } from '../../src/store/index.js';

const child = spawn('sleep', ['60']);
afterAll(() => child.kill());

function rowFor(batch: RowBatch, upid: bigint): Record<string, unknown> | undefined {
  const upids = batch.columns['upid'] as bigint[];
  const index = upids.indexOf(upid);
  if (index < 0) return undefined;
  return Object.fromEntries(
    Object.entries(batch.columns).map(([name, values]) => [
      name,
      (values as ArrayLike<unknown>)[index],
    ]),
  );
}

describe('process_stats from the real /proc', () => {
  it('finds a child process under its upid (pid + start time)', () => {
    const pid = child.pid ?? -1;
    const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const batch = sampleProcessStats(1n);
    const row = rowFor(batch, makeUpid(pid, stat?.startTicks ?? -1));
    expect(row).toBeDefined();
    expect(row?.['num_threads']).toBe(1);
    expect(row?.['rss_bytes']).toBeGreaterThan(0);
    expect(row?.['time_']).toBe(1n);
  });

  it('sees our own CPU time grow after burning CPU', () => {
    const self = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
    const upid = makeUpid(process.pid, self?.startTicks ?? -1);
    const cpu = (): number => {
      const row = rowFor(sampleProcessStats(1n), upid);
      return Number(row?.['cpu_utime_ns']) + Number(row?.['cpu_ktime_ns']);
    };
    const before = cpu();
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    expect(cpu()).toBeGreaterThan(before);
  });
});

describe('network_stats and the sampler', () => {
  it('reports our network namespace as "host"', () => {
    const batch = sampleNetworkStats(5n);
    expect(batch.columns['pod_id']).toContain('host');
  });

  it('appends both tables to the store', () => {
    const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
    const sampler = new ProcSampler(store, 1000, () => 42n);
    const counts = sampler.sampleOnce();
    expect(counts.processStats).toBeGreaterThan(1);
    expect(counts.networkStats).toBeGreaterThanOrEqual(1);
    const snapshot = store.snapshot('process_stats');
    expect(snapshot.rowCount).toBe(counts.processStats);
    const chunk = snapshot.chunks[0];
    if (chunk === undefined) throw new Error('no chunk');
    expect(readValue(chunk, 0, 0)).toBe(42n);
  });
});
