import { PxError } from '../shared/errors.js';
import { demoHostName, SERVICE_ROLES, type ChildConfig } from './child-config.js';
import { startDnsServer } from './dns-server.js';
import { startPostgres } from './postgres.js';
import { startNodeChild, type Running } from './processes.js';

export interface DemoOptions {
  /** Requests per second the load generator sends to the frontend; default 30. */
  readonly rate?: number;
}

/** One process of the demo: a service, the load generator, dnsmasq or PostgreSQL. */
export interface DemoProcess {
  /** frontend, catalog, checkout, payments, loadgen, dns or postgres. */
  readonly name: string;
  /** The loopback port it listens on (the load generator serves GET /stats). */
  readonly port: number;
  readonly pid: number;
}

export interface Demo {
  readonly services: readonly DemoProcess[];
  /** What the demo runs without, and why (no dnsmasq, no PostgreSQL). */
  readonly notes: readonly string[];
  /** Stops every process by pid and removes temp folders; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts everything a promise list starts, keeping what started even when another failed. */
async function startTogether<T extends readonly Promise<Running | undefined>[]>(
  running: Running[],
  starts: readonly [...T],
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(starts);
  const started = settled.map((s) => (s.status === 'fulfilled' ? s.value : undefined));
  for (const r of started) if (r !== undefined) running.push(r);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
  return started as { -readonly [K in keyof T]: Awaited<T[K]> };
}

async function startOptional(
  what: string,
  start: () => Promise<Running | undefined>,
  notes: string[],
): Promise<Running | undefined> {
  try {
    const running = await start();
    if (running === undefined) notes.push(`${what} is not installed: the demo runs without it`);
    return running;
  } catch (error) {
    notes.push(`${what} did not start, the demo runs without it: ${String(error)}`);
    return undefined;
  }
}

/** The services in dependency order, each started once those it calls are listening. */
async function startWorkload(running: Running[], notes: string[], rate: number): Promise<void> {
  const names = SERVICE_ROLES.map(demoHostName);
  const [dns, postgres] = await startTogether(running, [
    startOptional('dnsmasq', () => startDnsServer(names), notes),
    startOptional('PostgreSQL', startPostgres, notes),
  ]);
  const base = dns === undefined ? {} : { dnsPort: dns.port };
  const service = (config: ChildConfig): Promise<Running> =>
    startNodeChild(config.role, { ...base, ...config });
  const [payments, catalog] = await startTogether(running, [
    service({ role: 'payments', upstreams: {} }),
    service({
      role: 'catalog',
      upstreams: {},
      ...(postgres === undefined ? {} : { postgresPort: postgres.port }),
    }),
  ]);
  const [checkout] = await startTogether(running, [
    service({ role: 'checkout', upstreams: { catalog: catalog.port, payments: payments.port } }),
  ]);
  const [frontend] = await startTogether(running, [
    service({ role: 'frontend', upstreams: { catalog: catalog.port, checkout: checkout.port } }),
  ]);
  await startTogether(running, [
    service({ role: 'loadgen', upstreams: { frontend: frontend.port }, rate }),
  ]);
}

/**
 * Starts a small shop on loopback, each part its own process so px can trace it: a frontend
 * calling catalog and checkout, checkout calling catalog and the slow, sometimes failing
 * payments, names resolved through a private dnsmasq, the catalog's products in a temporary
 * PostgreSQL when one is installed, and a load generator sending `rate` requests a second.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const running: Running[] = [];
  const notes: string[] = [];
  let stopping: Promise<void> | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    // Clean up, then die of the signal as if no handler had been installed.
    void stop().finally(() => process.kill(process.pid, signal));
  };
  // SIGHUP: the terminal was closed under a live view; PostgreSQL and dnsmasq must not outlive it.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const stop = (): Promise<void> => {
    for (const signal of signals) process.off(signal, onSignal);
    stopping ??= Promise.all(running.map((r) => r.stop())).then(() => undefined);
    return stopping;
  };
  for (const signal of signals) process.once(signal, onSignal);
  try {
    await startWorkload(running, notes, options.rate ?? 30);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new PxError(`the demo did not start: ${reason}`, 'demo.start', undefined, {
      cause: error,
    });
  }
  const services = running.map(({ name, port, pid }) => ({ name, port, pid }));
  return { services, notes, stop };
}
