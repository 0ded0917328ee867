/**
 * What a live capture keeps: traffic of chosen processes (by pid or by name) and of chosen
 * ports. An empty list does not filter. A connection is kept when its process is one of the
 * pids OR has one of the names (when either is given), AND one of its two ports is listed
 * (when ports are given).
 *
 * eBPF applies them in the kernel (native/bpf/px_filter.bpf.h); libpcap puts the ports in the
 * capture filter and the processes through /proc (pcap/live/process-gate.ts).
 */

export interface CaptureFilters {
  /** Process ids (thread-group ids, as `ps` shows them). */
  readonly pids: readonly number[];
  /** Process names, matched exactly against /proc/<pid>/comm. */
  readonly processNames: readonly string[];
  /** TCP/UDP ports; either end of the connection may use one. */
  readonly ports: readonly number[];
}

export const NO_FILTERS: CaptureFilters = { pids: [], processNames: [], ports: [] };

/** Values per filter; PX_MAX_FILTER_VALUES in native/bpf/socket_trace.h sizes the kernel maps. */
export const MAX_FILTER_VALUES = 256;

/** The kernel keeps 15 bytes of a process name (TASK_COMM_LEN − 1): longer never matches. */
export const MAX_PROCESS_NAME_BYTES = 15;

/** Linux's largest pid_max. */
const MAX_PID = 4_194_304;

export function selectsProcesses(filters: CaptureFilters): boolean {
  return filters.pids.length > 0 || filters.processNames.length > 0;
}

export function isUnfiltered(filters: CaptureFilters): boolean {
  return !selectsProcesses(filters) && filters.ports.length === 0;
}

/** Why `pid` cannot be a process id, or undefined when it can. */
export function pidProblem(pid: number): string | undefined {
  return Number.isInteger(pid) && pid >= 1 && pid <= MAX_PID
    ? undefined
    : `a process id is a whole number from 1 to ${MAX_PID}`;
}

export function portProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65_535
    ? undefined
    : 'a port is a whole number from 1 to 65535';
}

export function processNameProblem(name: string): string | undefined {
  if (name === '') return 'a process name cannot be empty';
  if (name.includes('\0')) return 'a process name cannot contain NUL';
  if (Buffer.byteLength(name) > MAX_PROCESS_NAME_BYTES) {
    return (
      `the kernel keeps only the first ${MAX_PROCESS_NAME_BYTES} bytes of a process name ` +
      `(as /proc/<pid>/comm shows it), so a longer name never matches`
    );
  }
  return undefined;
}

/** The first thing wrong with `filters`, or undefined when a capture can apply them. */
export function filtersProblem(filters: CaptureFilters): string | undefined {
  const lists = [
    ['pids', filters.pids.length],
    ['process names', filters.processNames.length],
    ['ports', filters.ports.length],
  ] as const;
  for (const [what, count] of lists) {
    if (count > MAX_FILTER_VALUES) return `at most ${MAX_FILTER_VALUES} ${what} (${count} given)`;
  }
  const problems = [
    ...filters.pids.map(pidProblem),
    ...filters.processNames.map(processNameProblem),
    ...filters.ports.map(portProblem),
  ];
  return problems.find((p) => p !== undefined);
}

/** "pid 12, 34; process nginx; port 80" for progress lines; '' when nothing is filtered. */
export function describeFilters(filters: CaptureFilters): string {
  const parts: string[] = [];
  if (filters.pids.length > 0) parts.push(`pid ${filters.pids.join(', ')}`);
  if (filters.processNames.length > 0) parts.push(`process ${filters.processNames.join(', ')}`);
  if (filters.ports.length > 0) parts.push(`port ${filters.ports.join(', ')}`);
  return parts.join('; ');
}
