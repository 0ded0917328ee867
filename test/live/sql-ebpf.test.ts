/**
 * PostgreSQL 15 and MariaDB on loopback, driven by psql, pgbench, mariadb and a binary-protocol
 * client, captured live with eBPF. Loopback traffic is seen by both ends, so every connection
 * has server rows (postgres backend, mariadbd) and, when its client is a traced process, client
 * rows (psql, pgbench, mariadb); the binary-protocol client runs in this test's process, which
 * px never traces, so its connection has server rows only. In CI a tracer that cannot load
 * fails the suite instead of skipping it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { LiveCollector } from '../../src/collector/live/live-collector.js';
import { ProcessRegistry } from '../../src/collector/proc/process-registry.js';
import { Store } from '../../src/store/index.js';
import { requireEbpf, skipLiveEbpf } from './capture-availability.js';
import { CLIENT, expectRecorded, SERVER } from './sql-rows.js';
import { SqlServers, type ExpectedTraffic } from './sql-workload.js';

describe.skipIf(skipLiveEbpf)('PostgreSQL and MariaDB captured live (eBPF)', () => {
  const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
  const processes = new ProcessRegistry();
  let servers: SqlServers | undefined;
  let pg: ExpectedTraffic;
  let mysql: ExpectedTraffic;

  beforeAll(async () => {
    requireEbpf();
    servers = await SqlServers.start();
    const collector = LiveCollector.start({ store, workers: 0, procSampleMs: 0, processes });
    try {
      pg = await servers.drivePostgres();
      mysql = await servers.driveMariadb();
      await sleep(300); // let the last events through the ring buffer
    } finally {
      await collector.stop();
    }
  });

  afterAll(async () => {
    await servers?.stop();
  });

  it('records each PostgreSQL message as its backend saw it', () => {
    expectRecorded(store, processes, 'pgsql_events', pg, SERVER);
  });

  it('records each PostgreSQL message as psql and pgbench saw it', () => {
    expectRecorded(store, processes, 'pgsql_events', pg, CLIENT);
  });

  it('records each MariaDB command as mariadbd saw it', () => {
    expectRecorded(store, processes, 'mysql_events', mysql, SERVER);
  });

  it('records each MariaDB command as the mariadb client saw it', () => {
    expectRecorded(store, processes, 'mysql_events', mysql, CLIENT);
  });
});
