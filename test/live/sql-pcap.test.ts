/**
 * PostgreSQL 15 and MariaDB on loopback, driven by psql, pgbench, mariadb and a binary-protocol
 * client, captured live with libpcap on lo. Packets show each exchange once, so rows are from the
 * server's point of view only (docs/DECISIONS.md §9), attributed through /proc to the postgres
 * backend or mariadbd serving the connection; the connection opened before capture started has
 * no SYN, and /proc's listening socket tells its server. In CI an interface that cannot be
 * opened fails the suite instead of skipping it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcapLiveCapture } from '../../src/collector/capture/pcap/live/pcap-live-capture.js';
import { PcapLiveCollector } from '../../src/collector/capture/pcap/live/pcap-live-collector.js';
import { ProcessRegistry } from '../../src/collector/proc/process-registry.js';
import { Store } from '../../src/store/index.js';
import { snapshotRows } from '../support/snapshot-rows.js';
import { expectRecorded, SERVER } from './sql-rows.js';
import { SqlServers, type ExpectedTraffic } from './sql-workload.js';

const CI = process.env['CI'] === 'true';

async function whyUnavailable(): Promise<string | null> {
  try {
    await PcapLiveCapture.start({ interfaces: ['lo'], onEvents: () => undefined }).stop();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const unavailable = await whyUnavailable();

describe.skipIf(unavailable !== null && !CI)(
  'PostgreSQL and MariaDB captured live (libpcap)',
  () => {
    const store = new Store({ budgetBytes: 64 * 1024 * 1024 });
    const processes = new ProcessRegistry();
    let servers: SqlServers | undefined;
    let pg: ExpectedTraffic;
    let mysql: ExpectedTraffic;

    beforeAll(async () => {
      if (unavailable !== null)
        throw new Error(`libpcap capture is unavailable in CI: ${unavailable}`);
      servers = await SqlServers.start();
      const collector = PcapLiveCollector.start({
        store,
        workers: 0,
        procSampleMs: 0,
        processes,
        interfaces: ['lo'],
        filter: `tcp port ${servers.pg.port} or tcp port ${servers.mysql.port}`,
      });
      try {
        pg = await servers.drivePostgres();
        mysql = await servers.driveMariadb();
        await sleep(300); // let the last packets reach the capture
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

    it('records each MariaDB command as mariadbd saw it', () => {
      expectRecorded(store, processes, 'mysql_events', mysql, SERVER);
    });

    it('records no client side: packets show each exchange once', () => {
      for (const table of ['pgsql_events', 'mysql_events']) {
        const roles = snapshotRows(store.snapshot(table), ['trace_role']).map((r) => r[0]);
        expect(roles.length).toBeGreaterThan(0);
        expect(new Set(roles)).toEqual(new Set([SERVER]));
      }
    });
  },
);
