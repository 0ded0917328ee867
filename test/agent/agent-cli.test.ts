/**
 * `px agent` as users run it: a real agent process capturing with eBPF, real nginx and curl,
 * then `px run` and `px live` (under tmux) answered by the agent from its history.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startNginxServing, type ServedNginx } from '../ebpf/servers.js';
import { PX, runPx } from '../support/px-cli.js';
import { TmuxSession } from '../tui/tmux-session.js';

const live = process.getuid?.() === 0 || process.env['CI'] === 'true';
const PROBES = ['/agent-probe-1.txt', '/agent-probe-2.txt', '/agent-probe-3.txt'];

/** Resolves when the agent says it serves; rejects with its output if it exits first. */
function served(agent: ChildProcessWithoutNullStreams): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    agent.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('serving queries at')) resolve();
    });
    agent.once('exit', (code) => {
      reject(new Error(`px agent exited (${code}) before serving:\n${output}`));
    });
  });
}

describe.runIf(live)('px agent', () => {
  let dir: string;
  let socket: string;
  let nginx: ServedNginx;
  let agent: ChildProcessWithoutNullStreams;

  const get = (path: string) => run('curl', ['-s', `http://127.0.0.1:${nginx.port}${path}`]);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'px-agent-cli-'));
    socket = join(dir, 'agent.sock');
    nginx = await startNginxServing(
      Object.fromEntries([...PROBES, '/agent-late.txt'].map((p) => [p, `body of ${p}\n`])),
    );
    const args = [PX, 'agent', '--listen', socket, '--capture', 'ebpf', '--workers', '0'];
    agent = spawn(process.execPath, args);
    await served(agent);
    for (const path of PROBES) await get(path);
    await sleep(1000); // the capture's flush
  }, 60_000);

  afterAll(async () => {
    agent.kill('SIGKILL');
    await nginx.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers px run from its history, with no capture wait', () => {
    const args = ['-o', 'json', '--', '--path=/agent-probe'];
    const result = runPx(['run', 'px/http_data', '--agent', socket, ...args]);
    expect(result.stderr).toContain(`querying the px agent at ${socket}`);
    expect(result.status).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((r) => r['req_path']).sort()).toEqual(PROBES);
    expect(rows.every((r) => r['resp_status'] === 200)).toBe(true);
  });

  it('is found without --agent where px looks for it, and px doctor reports it', () => {
    const env = { ...process.env, PX_AGENT_SOCKET: socket };
    const args = ['-o', 'json', '--', '--path=/agent-probe'];
    const found = runPx(['run', 'px/http_data', ...args], [], env);
    expect(found.stderr).toContain(`querying the px agent at ${socket}`);
    expect(found.stdout.trim().split('\n')).toHaveLength(PROBES.length);
    const opted = runPx(['run', 'px/http_data', '--no-agent', '--for', '1s', ...args], [], env);
    expect(opted.stderr).not.toContain('querying the px agent');
    expect(opted.stderr).toContain('capturing with');
    const doctor = runPx(['doctor'], [], env);
    expect(doctor.stdout).toMatch(
      new RegExp(`Agent: running at ${socket} since .*, capturing with eBPF, \\d+ rows`),
    );
  });

  it('reports script errors as a local run does, with line, column and exit 1', () => {
    const file = join(dir, 'bad.pxl');
    writeFileSync(
      file,
      "import px\ndf = px.DataFrame(table='http_events')\npx.display(df[df.nope])\n",
    );
    const result = runPx(['run', '-f', file, '--agent', socket]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad.pxl:3:');
    expect(result.stderr).toContain('^');
  });

  it('refuses --agent with --pcap, and names an agent it cannot reach', () => {
    const both = runPx(['run', 'px/http_data', '--agent', socket, '--pcap', 'x.pcap']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--agent and --pcap do not go together');
    const nowhere = runPx(['run', 'px/http_data', '--agent', join(dir, 'none.sock')]);
    expect(nowhere.status).toBe(1);
    expect(nowhere.stderr).toContain('cannot reach the px agent at');
  });

  it('feeds px live: history at once, and a new request soon after', async () => {
    const command = `${process.execPath} ${PX} live --agent ${socket} px/http_data -- --path=/agent-`;
    const tmux = TmuxSession.start(command, { columns: 160, rows: 30 });
    try {
      await tmux.waitFor((s) => s.includes(`agent ${socket}`), 'the agent in the status bar');
      await tmux.waitFor((s) => PROBES.every((p) => s.includes(p)), 'the probes from history');
      await get('/agent-late.txt');
      await tmux.waitFor((s) => s.includes('/agent-late.txt'), 'the new request');
      tmux.keys('q');
      await tmux.waitFor(() => tmux.exited(), 'px live to quit', 5000);
    } finally {
      tmux.kill();
    }
  }, 60_000);

  it('stops on SIGTERM and leaves no socket behind', async () => {
    const exited = new Promise<number | null>((resolve) => agent.once('exit', resolve));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });
});
