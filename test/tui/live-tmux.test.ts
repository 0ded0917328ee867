import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PX } from '../support/px-cli.js';
import { TmuxSession } from './tmux-session.js';

// `px demo` needs eBPF: as root here, and always in CI, where a failure must not become a skip.
const canCapture = process.getuid?.() === 0 || process.env['CI'] === 'true';

const STATUS = /eBPF │ .* ran (\d\d:\d\d:\d\d) in/;
const SERVICES = ['demo-frontend', 'demo-catalog', 'demo-checkout', 'demo-payments'];

function ranAt(screen: string): string | undefined {
  return STATUS.exec(screen)?.[1];
}

/** Rows of the services table: service name → requests. */
function serviceRows(screen: string): Map<string, number> {
  const rows = new Map<string, number>();
  for (const match of screen.matchAll(/^host\/(demo-\w+) +(\d+) /gm)) {
    rows.set(match[1] as string, Number(match[2]));
  }
  return rows;
}

describe.runIf(canCapture)('px live on the demo, in a real terminal (tmux)', () => {
  let term: TmuxSession;

  beforeAll(() => {
    term = TmuxSession.start(`${process.execPath} ${PX} demo --rate 40`, {
      columns: 150,
      rows: 40,
    });
  });
  afterAll(() => {
    term.kill();
  });

  it('shows a row per demo service with its requests, then refreshes without input', async () => {
    const screen = await term.waitFor(
      (s) => SERVICES.every((name) => (serviceRows(s).get(name) ?? 0) > 0),
      'every demo service with requests',
    );
    expect(screen.split('\n')[0]).toMatch(/^px\/service_stats +1 Services +2 Latency/);
    const first = ranAt(screen);
    expect(first).toBeDefined();
    const later = await term.waitFor((s) => {
      const at = ranAt(s);
      return at !== undefined && at !== first;
    }, 'a second run');
    // The frontend keeps serving the load generator, so its count only grows.
    const before = serviceRows(screen).get('demo-frontend') ?? 0;
    expect(serviceRows(later).get('demo-frontend')).toBeGreaterThanOrEqual(before);
  });

  it('sorts by the chosen column, largest first, and reverses', async () => {
    term.keys('>');
    term.keys('>');
    const sorted = await term.waitFor((s) => /requests ▼/.test(s), 'sort by requests');
    const counts = [...serviceRows(sorted).values()];
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    term.keys('s');
    const reversed = await term.waitFor((s) => /requests ▲/.test(s), 'reversed sort');
    const ascending = [...serviceRows(reversed).values()];
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
  });

  it('filters rows with / and clears the filter with Escape', async () => {
    term.keys('/');
    term.keys('payments', true);
    term.keys('Enter');
    const filtered = await term.waitFor((s) => /filter "payments"/.test(s), 'the filter');
    expect([...serviceRows(filtered).keys()]).toEqual(['demo-payments']);
    term.keys('Escape');
    await term.waitFor((s) => serviceRows(s).size >= SERVICES.length, 'all rows back');
  });

  it('switches to the latency chart tab', async () => {
    term.keys('Tab');
    const chart = await term.waitFor((s) => /[⠁-⣿]/.test(s) && /┤/.test(s), 'a braille chart');
    expect(chart).toMatch(/Latency/);
    term.keys('1');
    await term.waitFor((s) => serviceRows(s).size > 0, 'the table again');
  });

  it('picks another script and opens a request in the detail pane', async () => {
    term.keys('p');
    term.keys('http_data', true);
    await term.waitFor((s) => /script: http_data/.test(s), 'the picker');
    term.keys('Enter');
    await term.waitFor((s) => /^px\/http_data/.test(s) && /req_path/.test(s), 'http_data rows');
    // Only the demo's requests: px sees every process on the host, and others may be busy.
    term.keys('/');
    term.keys('demo-', true);
    term.keys('Enter');
    term.keys('Enter');
    const detail = await term.waitFor((s) => /row detail/.test(s), 'the detail pane');
    expect(detail).toMatch(/^req_headers$/m);
    expect(detail).toMatch(/^ {4}"host": /m); // headers pretty-printed as JSON
    term.keys('Escape');
    await term.waitFor((s) => !/row detail/.test(s), 'the detail pane closed');
    term.keys('Escape'); // and the filter
  });

  it('draws the service map with the demo call graph', async () => {
    term.keys('m');
    const map = await term.waitFor(
      (s) => /^px\/service_map/.test(s) && /demo-payments/.test(s) && /▶/.test(s),
      'the service map',
    );
    expect(map).toMatch(/demo-loadgen/);
    expect(map).toMatch(/demo-frontend/);
    expect(map).toMatch(/┌/);
  });

  it('stays intact after a resize', async () => {
    term.resize(100, 28);
    const screen = await term.waitFor((s) => {
      const lines = s.split('\n');
      return lines.length <= 29 && /eBPF │/.test(s) && /^px\/service_map/.test(s);
    }, 'the redrawn frame');
    // One title and one status bar: the frame was redrawn, not appended below the old one.
    expect(screen.match(/^px\/service_map/gm)).toHaveLength(1);
    expect(screen.match(/eBPF │/g)).toHaveLength(1);
  });

  it('quits with q and stops the demo workload', async () => {
    term.keys('q');
    for (let i = 0; i < 100 && !term.exited(); i++) await new Promise((r) => setTimeout(r, 100));
    expect(term.exited()).toBe(true);
    const pids = [...term.screen().matchAll(/^ {2}\w+ +pid (\d+) /gm)].map((m) => Number(m[1]));
    expect(pids).toHaveLength(7);
    expect(pids.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });
});
