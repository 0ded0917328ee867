import { execFile, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, stopChild, waitUntilReady, type Running } from './processes.js';

const run = promisify(execFile);
const INSTALL_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder (Debian's layout), if any. */
function postgresBin(): string | undefined {
  if (!existsSync(INSTALL_ROOT)) return undefined;
  return readdirSync(INSTALL_ROOT)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(INSTALL_ROOT, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'initdb')));
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('there is no postgres user');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway PostgreSQL on a free loopback port, trust authentication, its data in a temp
 * folder removed on stop. Undefined when PostgreSQL is not installed.
 */
export async function startPostgres(): Promise<Running | undefined> {
  const bin = postgresBin();
  if (bin === undefined) return undefined;
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'px-demo-pg-'));
  try {
    if (user !== undefined) chownSync(dir, user.uid, user.gid);
    const data = join(dir, 'data');
    const asUser = user ?? {};
    await run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], {
      ...asUser,
    });
    const port = await freePort();
    const settings = ['listen_addresses=127.0.0.1', 'fsync=off', `unix_socket_directories=${dir}`];
    const args = ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])];
    const child = spawn(join(bin, 'postgres'), args, {
      ...asUser,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const isReady = (): Promise<boolean> =>
      run(join(bin, 'pg_isready'), ['-q', '-h', dir, '-p', String(port)]).then(
        () => true,
        () => false,
      );
    await waitUntilReady(child, 'postgres', isReady);
    const stop = async (): Promise<void> => {
      await stopChild(child, 'SIGINT'); // fast shutdown: no waiting for clients
      rmSync(dir, { recursive: true, force: true });
    };
    return { name: 'postgres', port, pid: child.pid ?? 0, stop };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
