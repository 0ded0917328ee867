/**
 * The traffic clients for one round of the capture: wrk against nginx (mostly small bodies,
 * now and then a medium one) and pgbench against PostgreSQL, both over TCP on loopback.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToEnd } from './processes.js';
import { HTTP_PATHS, pgbenchConnection } from './servers.js';

export const ROUND_SECONDS = 1;
/** One HTTP request in this many asks for the medium body. */
export const MEDIUM_EVERY = 20;

/** A wrk script asking for the medium body once in MEDIUM_EVERY requests, the small one else. */
export function writeWrkScript(dir: string): string {
  const file = join(dir, 'mix.lua');
  writeFileSync(
    file,
    `local n = 0
request = function()
  n = n + 1
  if n % ${MEDIUM_EVERY} == 0 then return wrk.format(nil, "${HTTP_PATHS.medium}") end
  return wrk.format(nil, "${HTTP_PATHS.small}")
end
`,
  );
  return file;
}

/** wrk for a round; returns the requests it completed. */
export async function wrk(port: number, script: string): Promise<number> {
  const url = `http://127.0.0.1:${port}/`;
  const out = await runToEnd('wrk', ['-t1', '-c2', `-d${ROUND_SECONDS}s`, '-s', script, url]);
  return Number(/(\d+) requests in/.exec(out.stdout)?.[1] ?? 0);
}

/** pgbench (no vacuum) for a round; returns the transactions it completed. */
export async function pgbench(port: number, mode: readonly string[]): Promise<number> {
  const args = [...pgbenchConnection(port), '-n', '-j', '1', '-T', String(ROUND_SECONDS)];
  const out = await runToEnd('pgbench', [...args, ...mode, 'postgres']);
  return Number(/actually processed: (\d+)/.exec(out.stdout)?.[1] ?? 0);
}
