/**
 * The agent's socket, end to end in one process: a real Unix socket, a store read from a real
 * capture, scripts run through the agent compared with the same scripts run locally.
 */
import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentClient, findAgent } from '../../src/agent/client.js';
import { serveAgent, type RunningAgent } from '../../src/agent/server.js';
import { openSession, runScriptOn, type DataSession } from '../../src/cli/session.js';
import { PxlError } from '../../src/pxl/errors.js';
import { PxError } from '../../src/shared/errors.js';
import { loadBundledScript, type Script } from '../../src/scripts/bundle.js';
import { ROOT } from '../support/px-cli.js';

const PCAP = join(ROOT, 'test', 'fixtures', 'pcaps', 'zeek', 'http-pipelined-requests.pcap');

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('px agent socket', () => {
  let dir: string;
  let session: DataSession;
  let agent: RunningAgent;
  let client: AgentClient;
  const path = (): string => join(dir, 'agent.sock');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'px-agent-'));
    session = await openSession({ pcap: PCAP, forMs: 0, workers: 0, progress: () => undefined });
    agent = await serveAgent(
      { kind: 'unix', path: path() },
      {
        run: (script, args) => runScriptOn(script, session, session.now, args),
        rowsSeen: () => session.store.rowsAppended,
        status: () => ({ capture: 'file' }),
      },
    );
    client = await AgentClient.connect({ kind: 'unix', path: path() });
  });

  afterAll(async () => {
    client.close();
    await agent.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the same tables as a local run, value for value', async () => {
    for (const name of ['px/http_data', 'px/slow_endpoints', 'px/service_stats']) {
      const script = loadBundledScript(name);
      const local = runScriptOn(script, session, session.now, []);
      const remote = await client.run(script, []);
      expect(remote).toEqual(local);
      expect(remote[0]?.rowCount).toBeGreaterThan(0);
    }
  });

  it('reports its status: version, start, rows stored and the capture', async () => {
    const status = await client.status();
    expect(status.rowsSeen).toBe(session.store.rowsAppended);
    expect(status.rowsSeen).toBeGreaterThan(0);
    expect(status.capture).toEqual({ capture: 'file' });
    expect(Date.parse(status.since)).toBeLessThanOrEqual(Date.now());
  });

  it('reports a PxL error exactly as a local run renders it', async () => {
    const script: Script = {
      name: 'bad.pxl',
      fileName: 'bad.pxl',
      source:
        "import px\ndf = px.DataFrame(table='http_events')\ndf = df[df.no_such_column > 1]\npx.display(df)\n",
      short: '',
      long: '',
    };
    const local = errorOf(() => runScriptOn(script, session, session.now, []));
    const remote = await client.run(script, []).catch((error: unknown) => error);
    expect(remote).toBeInstanceOf(PxlError);
    expect(local).toBeInstanceOf(PxlError);
    expect((remote as PxlError).render()).toBe((local as PxlError).render());
    expect((remote as PxlError).render()).toContain('bad.pxl:3:');
  });

  it('keeps the code of an argument error (so the exit status is the same)', async () => {
    const script = loadBundledScript('px/http_data');
    const args = ['--no_such_arg=1'];
    const local = errorOf(() => runScriptOn(script, session, session.now, args));
    const remote = await client.run(script, args).catch((e: unknown) => e);
    expect(local).toBeInstanceOf(PxError);
    expect((remote as object).constructor).toBe((local as object).constructor);
    expect(remote).toMatchObject({ code: (local as PxError).code });
    expect((remote as Error).message).toBe((local as Error).message);
  });

  it('answers a malformed request with an error and survives garbage', async () => {
    const raw = createConnection(path());
    const replies: string[] = [];
    raw.setEncoding('utf8').on('data', (chunk: string) => replies.push(chunk));
    raw.write('{"id":7,"op":"run","script":42}\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(JSON.parse(replies.join(''))).toMatchObject({ id: 7, ok: false });
    raw.write('this is not json\n');
    await new Promise((resolve) => raw.on('close', resolve));
    // The agent still serves everyone else.
    expect((await client.status()).rowsSeen).toBe(session.store.rowsAppended);
  });

  it('refuses a second agent on a live socket, takes over a dead one', async () => {
    const service = { run: () => [], rowsSeen: () => 0, status: () => null };
    await expect(serveAgent({ kind: 'unix', path: path() }, service)).rejects.toMatchObject({
      code: 'agent.in_use',
    });
    const stale = join(dir, 'stale.sock');
    writeFileSync(stale, '');
    const second = await serveAgent({ kind: 'unix', path: stale }, service);
    expect(second.address).toBe(stale);
    await second.close();
  });

  it('finds no agent where nothing listens', async () => {
    expect(await findAgent({ kind: 'unix', path: join(dir, 'none.sock') })).toBeNull();
  });
});
