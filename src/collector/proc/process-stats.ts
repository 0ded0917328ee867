import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BatchBuilder, processStats, type RowBatch } from '../../store/index.js';
import { parseProcIo, parseProcStat, type ProcIo } from './proc-files.js';
import { sysconf } from './sysconf.js';
import { makeUpid } from './upid.js';

const NO_IO: ProcIo = { rchar: 0, wchar: 0, readBytes: 0, writeBytes: 0 };

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // the process exited between listing and reading, or we may not read it
  }
}

/** Pids of every process visible in `procRoot`. */
export function listPids(procRoot = '/proc'): number[] {
  return readdirSync(procRoot).flatMap((name) => (/^\d+$/.test(name) ? [Number(name)] : []));
}

/** One process_stats row per live process, stamped `timeNs`. */
export function sampleProcessStats(timeNs: bigint, procRoot = '/proc'): RowBatch {
  const { clockTicksPerSecond, pageSizeBytes } = sysconf();
  const nsPerTick = 1e9 / clockTicksPerSecond;
  const rows = new BatchBuilder(processStats);
  for (const pid of listPids(procRoot)) {
    const statText = readOrNull(join(procRoot, String(pid), 'stat'));
    const stat = statText === null ? null : parseProcStat(statText);
    if (stat === null) continue;
    const ioText = readOrNull(join(procRoot, String(pid), 'io'));
    const io = ioText === null ? NO_IO : parseProcIo(ioText);
    rows.push({
      time_: timeNs,
      upid: makeUpid(pid, stat.startTicks),
      major_faults: stat.majorFaults,
      minor_faults: stat.minorFaults,
      cpu_utime_ns: stat.utimeTicks * nsPerTick,
      cpu_ktime_ns: stat.stimeTicks * nsPerTick,
      num_threads: stat.numThreads,
      vsize_bytes: stat.vsizeBytes,
      rss_bytes: stat.rssPages * pageSizeBytes,
      rchar_bytes: io.rchar,
      wchar_bytes: io.wchar,
      read_bytes: io.readBytes,
      write_bytes: io.writeBytes,
    });
  }
  return rows.take();
}
