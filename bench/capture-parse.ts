import { availableParallelism } from 'node:os';
import { PROTOCOL_SPECS } from '../src/collector/protocols/registry.js';
import { ensureCapture, type CaptureInfo } from './capture/generate.js';
import { pxPass, type PxPass } from './capture/px-pass.js';
import { countWithTshark, type TsharkCount } from './capture/tshark-count.js';
import { formatNumber, printHeader, printRatio } from './report.js';

/**
 * Capture-file parsing: px's ingest (reassembly, connection tracking, protocol parsers, store)
 * of a ≥100 MB loopback capture of real nginx, PostgreSQL and dnsmasq traffic, on the main
 * thread and with the worker pool, beside tshark extracting the same records from the same
 * file. Record counts are compared, and a disagreement is printed as MISMATCH.
 */
const TABLES = ['http_events', 'pgsql_events', 'dns_events'] as const;
type Table = (typeof TABLES)[number];

/** 0 (main thread), the pool at cores-1 (at least 1), and 2 when that differs. */
function workerCounts(): number[] {
  const pool = Math.max(1, availableParallelism() - 1);
  return [...new Set([0, pool, 2])];
}

const hasParser = (table: Table): boolean => PROTOCOL_SPECS.some((s) => s.table === table);
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const perSecond = (count: number, ms: number): number => count / (ms / 1000);

function describeCapture(info: CaptureInfo): void {
  const { ports, load } = info;
  console.log(
    `   ${info.file}: ${(info.bytes / 1e6).toFixed(1)} MB, recorded ${info.createdAt}; ` +
      `nginx :${ports.http} (wrk, ${load.httpRequests} requests), PostgreSQL :${ports.pgsql} ` +
      `(pgbench TPC-B simple + select-only extended, ${load.pgbenchTransactions} transactions), ` +
      `dnsmasq :${ports.dns} (${load.dnsQueries} UDP queries, ${load.dnsUnanswered} unanswered); ` +
      `tcpdump dropped ${info.droppedByKernel} packets`,
  );
}

function printRun(label: string, ms: number, bytes: number, rows: (t: Table) => number): void {
  const rates = TABLES.map((t) => `${t} ${formatNumber(perSecond(rows(t), ms))}/s`).join('  ');
  const mbps = (bytes / 1e6 / (ms / 1000)).toFixed(1);
  console.log(
    `   ${label.padEnd(14)} ${seconds(ms).padStart(8)}  ${mbps.padStart(6)} MB/s  ${rates}`,
  );
}

const pxRows = (pass: PxPass, table: Table): number => pass.rows.get(table) ?? 0;

/** Per table: px's rows beside tshark's records, MISMATCH when they differ. */
function printCounts(passes: readonly PxPass[], tshark: TsharkCount): void {
  const [first] = passes;
  if (first === undefined) return;
  console.log(`   records        ${'px'.padStart(10)} ${'tshark'.padStart(10)}`);
  for (const table of TABLES) {
    const px = pxRows(first, table);
    const theirs = tshark.records[table];
    let verdict = px === theirs ? 'match' : `MISMATCH px=${px} tshark=${theirs}`;
    if (!hasParser(table)) verdict = `px has no ${table} parser registered yet`;
    console.log(
      `   ${table.padEnd(14)} ${String(px).padStart(10)} ${String(theirs).padStart(10)}  ${verdict}`,
    );
    for (const other of passes.slice(1)) {
      const n = pxRows(other, table);
      if (n !== px) {
        console.log(
          `   MISMATCH ${table}: px workers=${other.workers} made ${n} rows, workers=0 ${px}`,
        );
      }
    }
  }
  for (const pass of passes) {
    if (pass.evictedRows > 0 || pass.gaps > 0) {
      console.log(
        `   note: px workers=${pass.workers} evicted ${pass.evictedRows} rows, ` +
          `jumped ${pass.gaps} stream gaps`,
      );
    }
  }
}

export async function runCaptureParse(): Promise<void> {
  printHeader(
    'capture parse: px ingest vs tshark',
    'loopback pcap of real nginx + PostgreSQL + dnsmasq; one pass parses all of it, so each ' +
      "table's records/s is its records over that pass's wall time",
  );
  const info = await ensureCapture();
  describeCapture(info);
  const passes: PxPass[] = [];
  for (const workers of workerCounts()) passes.push(await pxPass(info.file, workers));
  const tshark = await countWithTshark(info.file, info.ports);
  console.log(`   ${'run'.padEnd(14)} ${'wall'.padStart(8)}  ${'rate'.padStart(11)}  records/s`);
  for (const pass of passes) {
    printRun(`px workers=${pass.workers}`, pass.ms, info.bytes, (t) => pxRows(pass, t));
  }
  printRun('tshark', tshark.ms, info.bytes, (t) => tshark.records[t]);
  printCounts(passes, tshark);
  const tsharkTotal = TABLES.reduce((sum, t) => sum + tshark.records[t], 0);
  for (const pass of passes) {
    const pxTotal = TABLES.reduce((sum, t) => sum + pxRows(pass, t), 0);
    printRatio(
      perSecond(pxTotal, pass.ms),
      perSecond(tsharkTotal, tshark.ms),
      'tshark',
      `records/s, all tables, px workers=${pass.workers}`,
    );
  }
  console.log('   goal: px >= 10x tshark records/s');
}
