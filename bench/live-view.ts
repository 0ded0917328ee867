import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { render } from 'ink-testing-library';
import { createElement } from 'react';
import { NODE_FLAGS } from '../src/cli/node-flags.js';
import { runScriptOn } from '../src/cli/session.js';
import { NO_METADATA } from '../src/pxl/metadata.js';
import { listBundledScripts, type Script } from '../src/scripts/bundle.js';
import { packageRoot } from '../src/shared/paths.js';
import { httpEvents, Store } from '../src/store/index.js';
import { LiveApp } from '../src/tui/app.js';
import type { LiveSource } from '../src/tui/live-source.js';
import { HttpMix } from './data/http-mix.js';
import { collectGarbage, printHeader, printRows } from './report.js';

/**
 * `px live` in steady state and end to end:
 * 1. CPU of the view re-running px/http_request_stats over a 1M-row http_events window at the
 *    default 2 s refresh (Ink rendering included), with the window still and with rows
 *    arriving, against the same process idling with the same store.
 * 2. Time from an HTTP request completing to its row being on a real terminal (px live under
 *    tmux, capturing with eBPF), at the default 2 s refresh and at 500 ms. Goal: ≤ 1 s.
 */
const ROWS = 1_000_000;
const WINDOW_MS = 20_000;
const REFRESH_MS = 2000;
const PROBES = 6;
const ARRIVING_PER_S = 2000;

function filledStore(): { store: Store; mix: HttpMix; endNs: bigint } {
  const store = new Store({ budgetBytes: 4 * 1024 ** 3, maxAgeNs: 2n ** 62n });
  const startNs = 1_732_456_789_000_000_000n;
  const mix = new HttpMix({ startNs, stepNs: 50_000 });
  for (let done = 0; done < ROWS; done += 4096) {
    store.append(httpEvents.name, mix.batch(Math.min(4096, ROWS - done)));
  }
  return { store, mix, endNs: startNs + BigInt(ROWS) * 50_000n };
}

/** px's own CPU over `ms`, as a percentage of one core. */
async function cpuPercentOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  const started = performance.now();
  await sleep(ms);
  const used = process.cpuUsage(before);
  return (100 * (used.user + used.system)) / ((performance.now() - started) * 1000);
}

/** The view over `store` for WINDOW_MS: its CPU, runs and the rows it showed. */
async function viewCpu(
  store: Store,
  endNs: bigint,
): Promise<{ cpu: number; runs: number; shown: string }> {
  let runs = 0;
  const source: LiveSource = {
    run: (script: Script, args: readonly string[]) => {
      runs++;
      return Promise.resolve(runScriptOn(script, { store, metadata: NO_METADATA }, endNs, args));
    },
    rowsSeen: () => store.rowsAppended,
    status: () => ({
      capture: 'bench',
      eventsPerSecond: null,
      drops: null,
      cpuPercent: null,
      rssBytes: process.memoryUsage.rss(),
      storeBytes: store.stats().bytes,
      storeBudgetBytes: store.stats().budgetBytes,
    }),
  };
  const app = render(
    createElement(LiveApp, {
      source,
      scripts: listBundledScripts(),
      scriptName: 'px/http_request_stats',
      args: ['--start_time=-1h'],
      refreshMs: REFRESH_MS,
    }),
  );
  await sleep(REFRESH_MS); // past the first run
  runs = 0;
  const cpu = await cpuPercentOver(WINDOW_MS);
  const frame = app.lastFrame() ?? '';
  app.unmount();
  return { cpu, runs, shown: /rows 1–\d+ of (\d+)/.exec(frame)?.[1] ?? 'none' };
}

/**
 * The view's CPU over a 1M-row window, still and with rows arriving (which brings runs
 * forward), beside the same process idling with the same store.
 */
async function steadyStateCpu(): Promise<void> {
  const { store, mix, endNs } = filledStore();
  collectGarbage();
  const idle = await cpuPercentOver(WINDOW_MS / 2);
  const still = await viewCpu(store, endNs);
  const feeding = setInterval(() => {
    store.append(httpEvents.name, mix.batch(ARRIVING_PER_S / 10));
  }, 100);
  const arriving = await viewCpu(store, endNs);
  clearInterval(feeding);
  printHeader(
    'live-view: steady-state CPU',
    `px/http_request_stats over ${ROWS / 1e6}M http_events rows, --refresh ${REFRESH_MS / 1000}s, ${WINDOW_MS / 1000}s each`,
  );
  printRows([
    { label: `px live, window still (${still.runs} runs)`, value: still.cpu, unit: '% of a core' },
    {
      label: `px live, ${ARRIVING_PER_S} rows/s arriving (${arriving.runs} runs)`,
      value: arriving.cpu,
      unit: '% of a core',
    },
    { label: 'idle, same store', value: idle, unit: '% of a core' },
  ]);
  console.log(
    `   still: ${(still.cpu - idle).toFixed(1)} points of a core above idle; arriving: ${(arriving.cpu - idle).toFixed(1)} (appending included)`,
  );
  console.log(`   rows shown: ${still.shown} (still), ${arriving.shown} (arriving)`);
}

function startServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((_req, res) => {
    res.end('ok');
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address !== null ? address.port : 0 });
    });
  });
}

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** Request → row on screen, for each probe, with px live refreshing every `refresh`. */
async function visibleAfter(port: number, refresh: string): Promise<number[]> {
  const session = `px-bench-${process.pid}`;
  const px = join(packageRoot(), 'bin', 'px');
  const command = `${process.execPath} ${NODE_FLAGS.join(' ')} ${px} live px/http_data --refresh ${refresh} -- --path=/probe- --max_num_records=100`;
  tmux('new-session', '-d', '-s', session, '-x', '160', '-y', '30', command);
  const delays: number[] = [];
  try {
    for (
      let wait = 0;
      wait < 100 && !/ran \d/.test(tmux('capture-pane', '-p', '-t', session));
      wait++
    )
      await sleep(100);
    for (let i = 0; i < PROBES; i++) {
      const marker = `/probe-${refresh}-${i}`;
      await (await fetch(`http://127.0.0.1:${port}${marker}`)).text();
      const sent = performance.now();
      while (performance.now() - sent < 10_000) {
        if (tmux('capture-pane', '-p', '-t', session).includes(marker)) break;
        await sleep(20);
      }
      delays.push(performance.now() - sent);
      await sleep(300 + Math.random() * 700); // land at different points of the refresh cycle
    }
  } finally {
    spawnSync('tmux', ['kill-session', '-t', session]);
  }
  return delays;
}

async function requestToVisible(): Promise<void> {
  const { server, port } = await startServer();
  try {
    printHeader(
      'live-view: request to visible',
      `a request to a local HTTP server until its row is on the terminal (px live under tmux, eBPF), ${PROBES} probes`,
    );
    for (const refresh of ['2s', '500ms']) {
      const delays = (await visibleAfter(port, refresh)).sort((a, b) => a - b);
      printRows([
        {
          label: `--refresh ${refresh}: median`,
          value: delays[delays.length >> 1] ?? NaN,
          unit: 'ms',
        },
        {
          label: `--refresh ${refresh}: worst`,
          value: delays[delays.length - 1] ?? NaN,
          unit: 'ms',
        },
      ]);
    }
  } finally {
    server.close();
  }
}

export async function runLiveView(): Promise<void> {
  await steadyStateCpu();
  if (process.getuid?.() === 0) await requestToVisible();
  else console.log('   (request-to-visible needs root for eBPF: skipped)');
}
