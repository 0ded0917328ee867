/**
 * tshark's count of the records px makes from the same capture, in one timed pass of
 * `tshark -r FILE -T fields`. What is counted is chosen to match px's rows:
 * - http_events: HTTP responses (px rows are request/response pairs);
 * - dns_events: DNS responses (px pairs each query with its reply);
 * - pgsql_events: frontend Query, Parse, Bind, Describe and Execute messages (px makes one
 *   row for each of these; Sync, Terminate and the startup phase make none).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServerPorts {
  readonly http: number;
  readonly pgsql: number;
  readonly dns: number;
}

export interface TsharkCount {
  readonly ms: number;
  readonly records: { http_events: number; pgsql_events: number; dns_events: number };
}

const PGSQL_REQUESTS: ReadonlySet<string> = new Set([
  'Simple query',
  'Parse',
  'Bind',
  'Describe',
  'Execute',
]);
const FIELDS = ['tcp.dstport', 'http.response.code', 'dns.flags.response', 'pgsql.type'];
/** Separates several values of one field in a frame (several messages in one segment). */
const AGGREGATOR = ';';

export function tsharkArgs(file: string, ports: ServerPorts): string[] {
  return [
    ...['-r', file, '-n'],
    // The servers ran on free ports, not the well-known ones tshark would recognise.
    ...['-d', `tcp.port==${ports.http},http`],
    ...['-d', `tcp.port==${ports.pgsql},pgsql`],
    ...['-d', `udp.port==${ports.dns},dns`],
    ...['-Y', 'http.response || dns.flags.response == 1 || pgsql'],
    ...['-T', 'fields', '-E', `aggregator=${AGGREGATOR}`],
    ...FIELDS.flatMap((f) => ['-e', f]),
  ];
}

const values = (field: string | undefined): string[] =>
  field === undefined || field === '' ? [] : field.split(AGGREGATOR);

/** Adds one output line (one frame) to the counts. */
export function countLine(line: string, ports: ServerPorts, into: TsharkCount['records']): void {
  const [dstPort, httpCodes, dnsResponse, pgsqlTypes] = line.split('\t');
  into.http_events += values(httpCodes).length;
  into.dns_events += values(dnsResponse).filter((v) => v === '1' || v === 'True').length;
  if (Number(dstPort) === ports.pgsql) {
    into.pgsql_events += values(pgsqlTypes).filter((t) => PGSQL_REQUESTS.has(t)).length;
  }
}

/** Runs tshark over the whole file, counting its output as it streams. */
export async function countWithTshark(file: string, ports: ServerPorts): Promise<TsharkCount> {
  const records = { http_events: 0, pgsql_events: 0, dns_events: 0 };
  const start = performance.now();
  const child = spawn('tshark', tsharkArgs(file, ports), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4096);
  });
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  for await (const line of createInterface({ input: child.stdout })) {
    countLine(line, ports, records);
  }
  const code = await exit;
  const ms = performance.now() - start;
  if (code !== 0) throw new Error(`tshark exited ${String(code)}: ${stderr}`);
  return { ms, records };
}
