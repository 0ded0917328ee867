import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openLiveSource, type OpenLiveSource } from '../../src/cli/live-source.js';
import { listBundledScripts } from '../../src/scripts/bundle.js';
import { LiveApp } from '../../src/tui/app.js';
import { ROOT } from '../support/px-cli.js';

const DOCKER = join(ROOT, 'test', 'fixtures', 'pcaps', 'zeek', 'http-docker-upgrade.pcap');

/** The app over a real capture file, as `px live --pcap` runs it. */
describe('LiveApp (ink-testing-library, over a capture file)', () => {
  let live: OpenLiveSource;
  let app: ReturnType<typeof render> | undefined;

  beforeAll(async () => {
    live = await openLiveSource({
      pcap: DOCKER,
      capture: 'auto',
      workers: 0,
      progress: () => undefined,
    });
  });
  afterEach(() => {
    app?.unmount();
  });

  function start(scriptName: string, args: readonly string[] = []): ReturnType<typeof render> {
    app = render(
      createElement(LiveApp, {
        source: live.source,
        scripts: listBundledScripts(),
        scriptName,
        args,
        refreshMs: 60_000,
      }),
    );
    return app;
  }

  async function frameWith(view: ReturnType<typeof render>, text: string): Promise<string> {
    for (let i = 0; i < 100; i++) {
      const frame = view.lastFrame() ?? '';
      if (frame.includes(text)) return frame;
      await sleep(20);
    }
    throw new Error(`no "${text}" in the frame:\n${view.lastFrame() ?? ''}`);
  }

  async function type(view: ReturnType<typeof render>, ...keys: string[]): Promise<void> {
    for (const key of keys) {
      view.stdin.write(key);
      await sleep(10);
    }
  }

  it('shows the script rows, the tabs and the status of a capture file', async () => {
    const view = start('px/http_data');
    const frame = await frameWith(view, '/_ping');
    expect(frame).toMatch(/^px\/http_data +1 HTTP requests/);
    expect(frame).toContain('rows 1–6 of 6');
    expect(frame).toContain('file http-docker-upgrade.pcap');
  });

  it('filters as you type and opens the row detail with pretty-printed headers', async () => {
    const view = start('px/http_data');
    await frameWith(view, '/_ping');
    await type(view, '/', '_ping', '\r');
    const filtered = await frameWith(view, 'filter "_ping"');
    expect(filtered).toContain('rows 1–1 of 1');
    await type(view, '\r');
    const detail = await frameWith(view, 'row detail');
    expect(detail).toMatch(/^req_method\n {2}HEAD$/m);
    await type(view, 'j'.repeat(16));
    const scrolled = await frameWith(view, 'lines 17–');
    expect(scrolled).toMatch(/^ {4}"Host": "192.168.122.87:2375",$/m);
  });

  it('sorts by a column, largest first', async () => {
    const view = start('px/http_data');
    await frameWith(view, '/_ping');
    await type(view, '>');
    const frame = await frameWith(view, 'sorted by time_ ▼');
    const times = [...frame.matchAll(/^(2024-\S+ \S+)/gm)].map((m) => m[1] ?? '');
    expect(times.length, frame).toBe(6);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('reports a bad argument in place, with the arguments the script takes', async () => {
    const view = start('px/http_data');
    await frameWith(view, '/_ping');
    await type(view, 'a', ' --bogus=1', '\r');
    const frame = await frameWith(view, 'unknown argument --bogus');
    expect(frame).toContain('--start_time');
  });

  it('finds a script with the fuzzy picker and runs it', async () => {
    const view = start('px/http_data');
    await frameWith(view, '/_ping');
    await type(view, 'p', 'reqst', '\r');
    const frame = await frameWith(view, 'px/http_request_stats');
    expect(await frameWith(view, '/v1.41/containers/*/')).toContain('POST');
    expect(frame).not.toContain('script:');
  });

  it('lists the keys on ?', async () => {
    const view = start('px/service_stats');
    await type(view, '?');
    const frame = await frameWith(view, 'Keys (any key closes this)');
    expect(frame).toContain('filter rows');
  });
});
