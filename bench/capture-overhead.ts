import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP_PATHS, startNginx } from './capture/servers.js';
import { runLoad, startPx } from './overhead/children.js';
import type { FixedRateOptions, FixedRateResult } from './overhead/fixed-rate-load.js';
import type { CaptureMode, PxCaptureReport } from './overhead/px-capture.js';
import { printHeader } from './report.js';

/**
 * Live-capture overhead: nginx serving a small body under a fixed request rate from a separate
 * load process, first without px, then with px capturing in its own process through eBPF and
 * through libpcap. For each: the workload's achieved rate and latency, and px's CPU per
 * captured request, peak RSS and losses.
 *
 * Env: PX_BENCH_OVERHEAD_SECONDS (measured window per run, default 20), PX_BENCH_OVERHEAD_RATE
 * (target requests/s, default 10000), PX_BENCH_OVERHEAD_CONNECTIONS (default 8).
 */
const WARMUP_MS = 1000;
const PROBE_MS = 3000;
/** A rate is sustained when this share of it completes, without errors. */
const SUSTAINED = 0.98;
const GOAL_CPU_US_PER_REQUEST = 10;

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const sustains = (r: FixedRateResult): boolean =>
  r.errors === 0 && r.achievedRate >= r.targetRate * SUSTAINED;

/** The target rate if the baseline sustains it in a short probe, else the highest step that does. */
async function chooseRate(load: Omit<FixedRateOptions, 'rate'>, target: number): Promise<number> {
  for (let rate = target; rate >= 500; rate = Math.round(rate * 0.8)) {
    const probe = await runLoad({ ...load, rate, durationMs: PROBE_MS });
    if (sustains(probe)) return rate;
    console.log(
      `   baseline does not sustain ${rate} req/s (achieved ${probe.achievedRate.toFixed(0)}, ` +
        `${probe.errors} errors); stepping down`,
    );
  }
  throw new Error('the baseline does not sustain even 500 req/s');
}

interface Outcome {
  readonly label: string;
  readonly load: FixedRateResult;
  readonly px?: PxCaptureReport;
}

async function withPx(mode: CaptureMode, port: number, load: FixedRateOptions): Promise<Outcome> {
  const px = await startPx(mode, port);
  const result = await runLoad(load).catch(async (error: unknown) => {
    await px.stop().catch(() => undefined); // no capture outlives the benchmark
    throw error;
  });
  return { label: `px ${mode}`, load: result, px: await px.stop() };
}

const us = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '-');
const cpuPerRequest = (px: PxCaptureReport): number => px.cpuUs / px.http.server;
/** px's CPU over every request the workload got answered, captured or not. */
const cpuPerServed = (px: PxCaptureReport, load: FixedRateResult): number =>
  px.cpuUs / load.answeredTotal;

const COLUMNS = [
  ['run', 11],
  ['req/s', 7],
  ['p50 µs', 7],
  ['p99 µs', 7],
  ['p99/base', 8],
  ['px CPU', 7],
  ['µs/req', 7],
  ['µs/served', 9],
  ['captured', 8],
  ['px RSS', 8],
  ['drops', 6],
] as const;

function tableLine(cells: readonly string[]): string {
  const padded = cells.map((cell, i) => {
    const width = COLUMNS[i]?.[1] ?? 0;
    return i === 0 ? cell.padEnd(width) : cell.padStart(width);
  });
  return `   ${padded.join(' ')}`;
}

function pxCells(load: FixedRateResult, px: PxCaptureReport | undefined): string[] {
  if (px === undefined) return ['-', '-', '-', '-', '-', '-'];
  return [
    `${((px.cpuUs / 1000 / px.wallMs) * 100).toFixed(0)}%`,
    cpuPerRequest(px).toFixed(1),
    cpuPerServed(px, load).toFixed(1),
    `${((px.http.serverOnPort / load.answeredTotal) * 100).toFixed(1)}%`,
    `${(px.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    px.drops === null ? 'n/a' : String(px.drops),
  ];
}

function printTable(outcomes: readonly Outcome[]): void {
  const baselineP99 = outcomes[0]?.load.p99Us ?? Number.NaN;
  console.log(tableLine(COLUMNS.map(([name]) => name)));
  for (const { label, load, px } of outcomes) {
    const ratio = px === undefined ? '-' : `${(load.p99Us / baselineP99).toFixed(2)}x`;
    const workload = [load.achievedRate.toFixed(0), us(load.p50Us), us(load.p99Us), ratio];
    console.log(tableLine([label, ...workload, ...pxCells(load, px)]));
  }
}

function printDetails(outcomes: readonly Outcome[]): void {
  for (const { label, load, px } of outcomes) {
    const notes = [
      load.errors > 0 ? `${load.errors} failed requests` : '',
      load.unsent > 0 ? `${load.unsent} requests never sent (client backlog)` : '',
      `load client used ${(load.clientCpu * 100).toFixed(0)}% of a core`,
    ].filter((p) => p !== '');
    console.log(`   ${label}: ${notes.join(', ')}`);
    if (px === undefined) continue;
    const rows = Object.entries(px.rows)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    console.log(
      `     http_events ${px.http.total} rows, ${px.http.server} server-side, ` +
        `${px.http.serverOnPort} of them on the benchmark's nginx, for ${load.answeredTotal} ` +
        `requests answered (warm-up included); all rows: ${rows || 'none'}`,
    );
    console.log(
      `     px CPU ${(px.cpuUs / 1e6).toFixed(2)} s (${(px.systemCpuUs / 1e6).toFixed(2)} s ` +
        `system) over ${(px.wallMs / 1000).toFixed(1)} s; stream gaps ${px.gaps}, ` +
        `read errors ${px.readErrors}; connections parsed on the main thread ` +
        `${px.parsedConnections.mainThread}, in the worker ${px.parsedConnections.workers}`,
    );
  }
}

function describeSetup(load: FixedRateOptions, target: number): void {
  const rateNote =
    load.rate === target
      ? `the target ${target} req/s`
      : `${load.rate} req/s, the highest step the baseline sustained (target ${target})`;
  console.log(
    `   nginx :${load.port} GET ${load.path} (96 B body); open-loop load at ${rateNote}, ` +
      `${load.connections} keep-alive connections, ${load.durationMs / 1000} s measured after ` +
      `${WARMUP_MS / 1000} s warm-up; px runs with 1 parser worker`,
  );
}

function printGoal(outcomes: readonly Outcome[]): void {
  console.log(
    '   µs/req = px CPU (user+sys, all threads, capture start to flush) / server-side ' +
      'http_events rows (trace_role 2: eBPF sees both ends of loopback, client rows are not ' +
      'counted); µs/served = the same CPU / requests answered; captured = server-side rows ' +
      "on the benchmark's nginx / requests answered; px CPU is a share of one core",
  );
  for (const { label, px } of outcomes) {
    if (px === undefined) continue;
    const perRequest = cpuPerRequest(px);
    const verdict = perRequest <= GOAL_CPU_US_PER_REQUEST ? 'meets' : 'misses';
    console.log(
      `   ${label}: ${perRequest.toFixed(1)} µs CPU per request ${verdict} the goal ` +
        `(<= ${GOAL_CPU_US_PER_REQUEST} µs)`,
    );
  }
}

async function measure(port: number): Promise<void> {
  const target = envNumber('PX_BENCH_OVERHEAD_RATE', 10_000);
  const base = {
    port,
    path: HTTP_PATHS.small,
    connections: envNumber('PX_BENCH_OVERHEAD_CONNECTIONS', 8),
    warmupMs: WARMUP_MS,
  };
  const load = {
    ...base,
    rate: await chooseRate({ ...base, durationMs: PROBE_MS }, target),
    durationMs: envNumber('PX_BENCH_OVERHEAD_SECONDS', 20) * 1000,
  };
  describeSetup(load, target);
  const outcomes: Outcome[] = [{ label: 'without px', load: await runLoad(load) }];
  for (const mode of ['ebpf', 'pcap'] as const) {
    try {
      outcomes.push(await withPx(mode, port, load));
    } catch (error) {
      console.log(
        `   px ${mode}: skipped, ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  printTable(outcomes);
  printDetails(outcomes);
  printGoal(outcomes);
}

export async function runCaptureOverhead(): Promise<void> {
  printHeader(
    'capture overhead: nginx under fixed-rate load, without px, with px eBPF, with px libpcap',
    "load and px each run in their own process; latency is the load client's, per request",
  );
  const dir = mkdtempSync(join(tmpdir(), 'px-bench-overhead-'));
  chmodSync(dir, 0o755); // nginx's worker runs as another user
  const nginx = await startNginx(dir);
  try {
    await measure(nginx.port);
  } finally {
    await nginx.daemon.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
