/**
 * An open-loop HTTP/1.1 load generator: request i is due at start + i/rate whatever the server
 * does, and goes out on the next idle keep-alive connection (one request in flight on each).
 * A request that waited for a connection is timed from when it was due, so a stall shows up as
 * queueing delay instead of quietly lowering the rate (coordinated omission). The wait for the
 * client's own ~1 ms send tick is not counted: a request that fell due since the last tick is
 * timed from when it is sent, or that tick would add up to 1 ms to every figure.
 */
import { Latencies } from './latencies.js';
import { LoadConnection, type ConnectionEvents } from './load-connection.js';

export interface FixedRateOptions {
  readonly port: number;
  readonly path: string;
  /** Requests per second. */
  readonly rate: number;
  readonly connections: number;
  /** The measured window. */
  readonly durationMs: number;
  /** Load before the window (connections and caches warm up), not recorded. */
  readonly warmupMs: number;
  /** How long requests still in flight after the window may take to finish. */
  readonly drainMs?: number;
}

export interface FixedRateResult {
  readonly targetRate: number;
  /** Responses completed inside the window, per second of window. */
  readonly achievedRate: number;
  /** Requests due in the window, and how many of them got a 200 response. */
  readonly due: number;
  readonly completed: number;
  /** 200 responses over the whole run, warm-up included (what a capture running throughout saw). */
  readonly answeredTotal: number;
  /** Requests due in the window that were never sent (the backlog when it ended). */
  readonly unsent: number;
  /** Requests that got a status other than 200, or were lost with their connection. */
  readonly errors: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  /** The client's own CPU over the run, as a share of one core (0..1 per core). */
  readonly clientCpu: number;
}

interface Run {
  readonly options: FixedRateOptions;
  /** Set once the connections are open, when the first request falls due. */
  startMs: number;
  windowStartMs: number;
  windowEndMs: number;
  readonly firstMeasured: number;
  readonly total: number;
  readonly latencies: Latencies;
  /** When each request's latency starts (see the file comment). */
  readonly startedAt: Float64Array;
  readonly idle: LoadConnection[];
  lastTickMs: number;
  nextToSend: number;
  completedInWindow: number;
  answeredTotal: number;
  errors: number;
}

const dueAt = (run: Run, index: number): number => run.startMs + (index * 1000) / run.options.rate;

/** Sends every request that is due while a connection is idle. */
function pump(run: Run, now: number): void {
  const due = Math.min(run.total, Math.floor(((now - run.startMs) * run.options.rate) / 1000) + 1);
  while (run.nextToSend < due) {
    const conn = run.idle.pop();
    if (conn === undefined) return;
    const index = run.nextToSend++;
    const dueMs = dueAt(run, index);
    run.startedAt[index] = dueMs > run.lastTickMs ? now : dueMs;
    conn.send(index);
  }
}

function answered(
  run: Run,
  conn: LoadConnection,
  index: number,
  reusable: boolean,
  ok: boolean,
): void {
  const now = performance.now();
  if (!ok) run.errors++;
  else {
    run.answeredTotal++;
    const startMs = run.startedAt[index] ?? now;
    if (index >= run.firstMeasured) run.latencies.record((now - startMs) * 1000);
    if (now >= run.windowStartMs && now < run.windowEndMs) run.completedInWindow++;
  }
  if (!reusable) return;
  run.idle.push(conn);
  pump(run, now);
}

async function openConnections(run: Run): Promise<LoadConnection[]> {
  const { port, path, connections } = run.options;
  const request = Buffer.from(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
  const events: ConnectionEvents = {
    response: (conn, index, reusable, ok) => answered(run, conn, index, reusable, ok),
    // Picked up by the next tick's pump (the run may not have started yet).
    ready: (conn) => run.idle.push(conn),
    lost: () => run.errors++,
  };
  const all = Array.from({ length: connections }, () => new LoadConnection(port, request, events));
  await Promise.all(all.map((conn) => conn.open()));
  return all;
}

function result(run: Run, cpuUs: number, wallMs: number): FixedRateResult {
  const { rate, durationMs } = run.options;
  const due = run.total - run.firstMeasured;
  const [p50 = NaN, p99 = NaN, max = NaN] = run.latencies.percentiles([0.5, 0.99, 1]);
  return {
    targetRate: rate,
    achievedRate: run.completedInWindow / (durationMs / 1000),
    due,
    completed: run.latencies.size,
    answeredTotal: run.answeredTotal,
    unsent: run.total - Math.max(run.nextToSend, run.firstMeasured),
    errors: run.errors,
    p50Us: p50,
    p99Us: p99,
    maxUs: max,
    clientCpu: cpuUs / 1000 / wallMs,
  };
}

export async function runFixedRateLoad(options: FixedRateOptions): Promise<FixedRateResult> {
  const { rate, warmupMs, durationMs } = options;
  const firstMeasured = Math.ceil((warmupMs * rate) / 1000);
  const total = Math.floor(((warmupMs + durationMs) * rate) / 1000);
  const run: Run = {
    options,
    startMs: 0,
    windowStartMs: 0,
    windowEndMs: 0,
    firstMeasured,
    total,
    latencies: new Latencies(total - firstMeasured),
    startedAt: new Float64Array(total),
    idle: [],
    lastTickMs: 0,
    nextToSend: 0,
    completedInWindow: 0,
    answeredTotal: 0,
    errors: 0,
  };
  const connections = await openConnections(run);
  const cpuStart = process.cpuUsage();
  const startMs = performance.now();
  run.startMs = startMs;
  run.windowStartMs = startMs + warmupMs;
  run.windowEndMs = run.windowStartMs + durationMs;
  run.lastTickMs = startMs;
  const drainedBy = run.windowEndMs + (options.drainMs ?? 2000);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      pump(run, now);
      run.lastTickMs = now;
      const allSent = run.nextToSend >= run.total && connections.every((c) => !c.busy);
      if ((now >= run.windowEndMs && allSent) || now > drainedBy) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - startMs;
  for (const conn of connections) conn.close();
  return result(run, cpu.user + cpu.system, wallMs);
}
