/** Parsers for /proc text files: pure, tolerant (null when a file is not what we expect). */

export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly utimeTicks: number;
  readonly stimeTicks: number;
  readonly numThreads: number;
  readonly startTicks: number;
  readonly vsizeBytes: number;
  readonly rssPages: number;
}

/** /proc/<pid>/stat. comm may hold spaces and parentheses, so split at the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // After comm: field 3 (state) is index 0 here; field N is index N - 3.
  const f = text
    .slice(close + 2)
    .trim()
    .split(' ');
  const num = (field: number): number => Number(f[field - 3]);
  const stat = {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    minorFaults: num(10),
    majorFaults: num(12),
    utimeTicks: num(14),
    stimeTicks: num(15),
    numThreads: num(20),
    startTicks: num(22),
    vsizeBytes: num(23),
    rssPages: num(24),
  };
  return Object.values(stat).some((v) => typeof v === 'number' && Number.isNaN(v)) ? null : stat;
}

export interface ProcIo {
  readonly rchar: number;
  readonly wchar: number;
  readonly readBytes: number;
  readonly writeBytes: number;
}

/** /proc/<pid>/io (readable only with ptrace access: root, or our own processes). */
export function parseProcIo(text: string): ProcIo {
  const value = (key: string): number =>
    Number(new RegExp(`^${key}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    rchar: value('rchar'),
    wchar: value('wchar'),
    readBytes: value('read_bytes'),
    writeBytes: value('write_bytes'),
  };
}

export interface InterfaceCounters {
  readonly name: string;
  readonly rxBytes: number;
  readonly rxPackets: number;
  readonly rxErrors: number;
  readonly rxDrops: number;
  readonly txBytes: number;
  readonly txPackets: number;
  readonly txErrors: number;
  readonly txDrops: number;
}

/** /proc/<pid>/net/dev: one line per interface after two header lines. */
export function parseNetDev(text: string): InterfaceCounters[] {
  return text
    .split('\n')
    .slice(2)
    .flatMap((line) => {
      const colon = line.indexOf(':');
      if (colon < 0) return [];
      const v = line
        .slice(colon + 1)
        .trim()
        .split(/\s+/)
        .map(Number);
      if (v.length < 16 || v.some(Number.isNaN)) return [];
      const at = (i: number): number => v[i] ?? 0;
      return [
        {
          name: line.slice(0, colon).trim(),
          rxBytes: at(0),
          rxPackets: at(1),
          rxErrors: at(2),
          rxDrops: at(3),
          txBytes: at(8),
          txPackets: at(9),
          txErrors: at(10),
          txDrops: at(11),
        },
      ];
    });
}
