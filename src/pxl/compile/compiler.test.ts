import { describe, expect, it } from 'vitest';
import type { PxlError } from '../errors.js';
import { PxlCheckError, PxlRuntimeError } from '../errors.js';
import type { ResultTable } from '../exec/index.js';
import { StaticMetadata } from '../metadata.js';
import { compileScript, runCompiled, runScript } from '../run.js';
import { rowsOf, type Obj } from './testing/compare.js';
import { appendRows, smallStore } from './testing/rows.js';

/** Language features on six rows whose answers are easy to see. */
const NOW = 1_700_000_000_000_000_000n;
const S = 1_000_000_000n;
const upid = (pid: number) => (BigInt(pid) << 64n) | 99n;

const ROWS = [
  { t: 1n, pid: 10, path: '/a', status: 200, latency: 1_000_000, remote: '10.0.0.1' },
  { t: 2n, pid: 10, path: '/b', status: 500, latency: 4_000_000, remote: '10.0.0.2' },
  { t: 3n, pid: 20, path: '/a', status: 404, latency: 2_000_000, remote: '10.0.0.1' },
  { t: 4n, pid: 20, path: '/a', status: 200, latency: 8_000_000, remote: '10.0.0.3' },
  { t: 5n, pid: 10, path: '/c', status: 200, latency: 3_000_000, remote: '10.0.0.2' },
  { t: 400n, pid: 30, path: '/old', status: 200, latency: 5_000_000, remote: '10.0.0.9' },
];

const store = smallStore(NOW);
appendRows(
  store,
  'http_events',
  ROWS.map((r) => ({
    time_: NOW - r.t * S,
    upid: upid(r.pid),
    req_path: r.path,
    resp_status: r.status,
    latency: r.latency,
    remote_addr: r.remote,
    remote_port: 5000,
    local_addr: '10.1.0.1',
    local_port: 80,
    trace_role: 2,
  })),
  4,
);

const metadata = new StaticMetadata({
  hostname: 'box',
  processes: [
    { upid: upid(10), pid: 10, comm: 'web', cmdline: 'web --port 80' },
    { upid: upid(20), pid: 20, comm: 'api', cmdline: 'api', container: 'api-c1' },
  ],
  pods: [
    { id: 'p-1', name: 'host/api-c1', namespace: 'host', service: 'host/api', ips: ['10.0.0.1'] },
  ],
  names: [{ addr: '10.0.0.2', name: 'db.local' }],
});

function run(source: string): ResultTable[] {
  return runScript(`import px\n${source}`, { store, metadata, now: NOW });
}

/** The rows of the only output. */
function rows(source: string): Obj[] {
  const tables = run(source);
  expect(tables).toHaveLength(1);
  return rowsOf(tables[0] as ResultTable);
}

function column(source: string, name: string): unknown[] {
  return rows(source).map((r) => r[name]);
}

function checkError(source: string): string {
  try {
    compileScript(`import px\n${source}`, { now: NOW, tables: store, fileName: 't.pxl' });
  } catch (error) {
    if (error instanceof PxlCheckError) return error.render();
    throw error;
  }
  throw new Error('compiled without errors');
}

const recent = "df = px.DataFrame('http_events', start_time='-1m')\n";

/** Linear interpolation between the ranks around q(n-1), values ascending. */
function interpolate(sorted: readonly number[], q: number): number {
  const rank = q * (sorted.length - 1);
  const low = Math.floor(rank);
  const a = sorted[low] as number;
  return a + ((sorted[Math.min(low + 1, sorted.length - 1)] as number) - a) * (rank - low);
}

describe('data frames', () => {
  it('filters, assigns and projects in order', () => {
    const out = rows(
      `${recent}df = df[df.latency > 1500000]\ndf['ms'] = df.latency / 1e6\npx.display(df[['req_path', 'ms']])`,
    );
    expect(out).toEqual([
      { req_path: '/b', ms: 4 },
      { req_path: '/a', ms: 2 },
      { req_path: '/a', ms: 8 },
      { req_path: '/c', ms: 3 },
    ]);
  });

  it('reads the time window: relative, absolute and none', () => {
    expect(column(`${recent}px.display(df)`, 'req_path')).toHaveLength(5);
    expect(column("df = px.DataFrame('http_events')\npx.display(df)", 'req_path')).toHaveLength(6);
    const start = new Date(Number((NOW - 3n * S) / 1_000_000n))
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '');
    expect(
      column(`df = px.DataFrame('http_events', start_time='${start}')\npx.display(df)`, 'req_path'),
    ).toEqual(['/a', '/b', '/a']);
    expect(
      column(
        `df = px.DataFrame('http_events', start_time=${NOW - 2n * S}, end_time='-1s')\npx.display(df)`,
        'req_path',
      ),
    ).toEqual(['/a', '/b']);
    expect(
      column(
        "df = px.DataFrame('http_events', end_time='-60s', select=['req_path'])\npx.display(df)",
        'req_path',
      ),
    ).toEqual(['/old']);
  });

  it('groups, aggregates without groupby, and gives distinct groups', () => {
    const per = rows(
      `${recent}px.display(df.groupby('req_path').agg(n=('latency', px.count), top=('latency', px.max)))`,
    );
    expect(per).toEqual([
      { req_path: '/a', n: 3, top: 8_000_000 },
      { req_path: '/b', n: 1, top: 4_000_000 },
      { req_path: '/c', n: 1, top: 3_000_000 },
    ]);
    expect(
      rows(`${recent}px.display(df.agg(total=('latency', px.sum), any_path=('req_path', px.any)))`),
    ).toHaveLength(1);
    expect(column(`${recent}px.display(df.groupby(['req_path']).agg())`, 'req_path')).toEqual([
      '/a',
      '/b',
      '/c',
    ]);
  });

  it('compiles lambdas over aggregates, quantile levels and Pixie quantiles', () => {
    const out = rows(
      `${recent}df = df.groupby('req_path').agg(
    err=('resp_status', lambda s: px.mean(s >= 400) * 100),
    p50=('latency', lambda x: px.quantiles(x / 1000000, 0.5)),
    mid=('latency', px.quantiles(0.5)),
    q=('latency', px.quantiles),
    spread=('latency', lambda x: (px.max(x) - px.min(x)) / px.count(x)),
)
px.display(df[df.req_path == '/a'])`,
    );
    const latencies = [1_000_000, 2_000_000, 8_000_000];
    const levels = [1, 10, 25, 50, 75, 90, 99].map(
      (p) => `"p${String(p).padStart(2, '0')}":${interpolate(latencies, p / 100)}`,
    );
    expect(out).toHaveLength(1);
    const row = out[0] as Obj;
    expect(row['req_path']).toBe('/a');
    expect(row['err']).toBeCloseTo(100 / 3, 12);
    expect(row['p50']).toBe(2);
    expect(row['mid']).toBe(2_000_000);
    expect(row['q']).toBe(`{${levels.join(',')}}`);
    expect(row['spread']).toBeCloseTo(7_000_000 / 3, 6);
  });

  it('merges with suffixes, appends, drops, heads and sorts', () => {
    const merged = rows(`${recent}a = df.groupby('req_path').agg(n=('latency', px.count))
b = df.groupby('req_path').agg(n=('latency', px.max))
m = a.merge(b, how='left', left_on='req_path', right_on=['req_path'], suffixes=('_count', '_max'))
px.display(m.drop(columns=['req_path_max']).sort(['n_max'], ascending=[False]))`);
    expect(merged).toEqual([
      { req_path_count: '/a', n_count: 3, n_max: 8_000_000 },
      { req_path_count: '/b', n_count: 1, n_max: 4_000_000 },
      { req_path_count: '/c', n_count: 1, n_max: 3_000_000 },
    ]);
    const appended = column(
      `${recent}old = px.DataFrame('http_events', end_time='-60s')\npx.display(df.append(old).head(2))`,
      'req_path',
    );
    expect(appended).toEqual(['/old', '/c']);
    expect(column(`${recent}px.display(df.orderby('latency')[:2])`, 'latency')).toEqual([
      1_000_000, 2_000_000,
    ]);
    expect(
      column(`${recent}px.display(df.drop('upid'), cols=['latency'])`, 'latency'),
    ).toHaveLength(5);
  });

  it('keeps several outputs and renames repeated names', () => {
    const tables = run(
      `${recent}px.display(df.head(1), 'x')\npx.display(df.head(2), 'x')\npx.debug(df.head(1), 'peek')`,
    );
    expect(tables.map((t) => [t.name, t.rowCount])).toEqual([
      ['x', 1],
      ['x_1', 2],
      ['_peek', 1],
    ]);
  });
});

describe('the Python subset', () => {
  it('folds constants with Python rules and runs if/else on them', () => {
    const out = rows(`
a, b = 7, -2
c = a // b * 10 + a % b + 2 ** 3
c += 1
label = 'big' if c > 0 else 'small'
if c == -32 and label == 'small' and not (1 in [2, 3]):
    limit = 2
elif c > 0:
    limit = 3
else:
    pass
${recent}df = df.head(limit)
df.c = c
df.flag = 'x' in ('x', 'y')
px.display(df[['c', 'flag']])`);
    expect(out).toEqual([
      { c: -32, flag: true },
      { c: -32, flag: true },
    ]);
  });

  it('calls user functions with defaults, keywords and calls between them', () => {
    const out = column(
      `
def frame(start_time: str = '-1m'):
    return px.DataFrame('http_events', start_time=start_time)

def slow(df, threshold=2500000, unit=1e6):
    df = df[df.latency >= threshold]
    df.ms = df.latency / unit
    return df

px.display(slow(frame(), unit=1e3))`,
      'ms',
    );
    expect(out).toEqual([4000, 8000, 3000]);
  });

  it('chooses per row with a conditional expression, in and is', () => {
    const out = rows(`${recent}df.kind = 'error' if df.resp_status >= 400 else 'ok'
df.listed = df.req_path in ['/a', '/c']
df.unlisted = df.req_path not in ['/a', '/c']
df.same = df.resp_status is 200
px.display(df[['kind', 'listed', 'unlisted', 'same']].head(2))`);
    expect(out).toEqual([
      { kind: 'ok', listed: true, unlisted: false, same: true },
      { kind: 'error', listed: false, unlisted: true, same: false },
    ]);
  });

  it('accepts columns of an earlier state of the same frame, refuses other frames', () => {
    const out = column(
      `${recent}lat = df.latency\ndf = df[df.resp_status == 200]\ndf.again = lat * 2\npx.display(df)`,
      'again',
    );
    expect(out).toEqual([2_000_000, 16_000_000, 6_000_000]);
    expect(checkError(`${recent}lat = df.latency\ndf.latency = 1\ndf.x = lat`)).toContain(
      'this column comes from another DataFrame',
    );
  });
});

describe('metadata', () => {
  it('maps ctx keys and px metadata functions through the provider', () => {
    const out = rows(`${recent}df.pod = df.ctx['pod']
df.service = df.ctx['service_name']
df.ns = df.ctx['namespace']
df.node = df.ctx['node']
df.container = df.ctx['container']
df.pid = df.ctx['pid']
df.cmd = df.ctx['cmdline']
df.same = df.ctx['upid'] == df.upid
df.pid2 = px.upid_to_pid(df.upid)
df.peer = px.pod_id_to_pod_name(px.ip_to_pod_id(df.remote_addr))
df.peer_service = px.pod_id_to_service_name(px.ip_to_pod_id(df.remote_addr))
df.name = px.nslookup(df.remote_addr)
px.display(df[['req_path', 'pod', 'service', 'ns', 'node', 'container', 'pid', 'cmd', 'same', 'pid2', 'peer', 'peer_service', 'name']].head(3))`);
    expect(out).toEqual([
      {
        req_path: '/a',
        pod: 'host/web-10',
        service: 'host/web',
        ns: 'host',
        node: 'box',
        container: 'web',
        pid: 10,
        cmd: 'web --port 80',
        same: true,
        pid2: 10,
        peer: 'host/api-c1',
        peer_service: 'host/api',
        name: '10.0.0.1',
      },
      {
        req_path: '/b',
        pod: 'host/web-10',
        service: 'host/web',
        ns: 'host',
        node: 'box',
        container: 'web',
        pid: 10,
        cmd: 'web --port 80',
        same: true,
        pid2: 10,
        peer: '',
        peer_service: '',
        name: 'db.local',
      },
      {
        req_path: '/a',
        pod: 'host/api-c1',
        service: 'host/api',
        ns: 'host',
        node: 'box',
        container: 'api-c1',
        pid: 20,
        cmd: 'api',
        same: true,
        pid2: 20,
        peer: 'host/api-c1',
        peer_service: 'host/api',
        name: '10.0.0.1',
      },
    ]);
  });

  it('asks the provider once per distinct key and keeps row order', () => {
    const asked: bigint[] = [];
    const counting = new (class extends StaticMetadata {
      override processOf(u: bigint) {
        asked.push(u);
        return super.processOf(u);
      }
    })({ processes: [{ upid: upid(10), pid: 10, comm: 'web', cmdline: '' }] });
    const source = `import px\ndf = px.DataFrame('http_events')\ndf.s = px.upid_to_service_name(df.upid)\ndf = df[df.s != 'nothing']\npx.display(df[['req_path', 's']])`;
    const [table] = runScript(source, { store, metadata: counting, now: NOW });
    expect(rowsOf(table as ResultTable)).toEqual(
      ROWS.map((r) => ({ req_path: r.path, s: r.pid === 10 ? 'host/web' : '' })),
    );
    expect([...new Set(asked)]).toHaveLength(3);
    expect(asked).toHaveLength(3);
  });

  it('shares one lookup table between ctx keys of a frame and its descendants', () => {
    const source = `import px\n${recent}df.pod = df.ctx['pod']\ndf = df[df.latency > 0]\ndf.service = df.ctx['service']\ndf.ns = df.ctx['namespace']\ndf.pid = px.upid_to_pid(df.upid)\npx.display(df[['pod', 'service', 'ns', 'pid']].head(1))`;
    const compiled = compileScript(source, { now: NOW, tables: store });
    expect(compiled.lookups).toHaveLength(2);
    const [table] = runCompiled(compiled, { store, metadata, now: NOW });
    expect(rowsOf(table as ResultTable)).toEqual([
      { pod: 'host/web-10', service: 'host/web', ns: 'host', pid: 10 },
    ]);
  });

  it('without a provider, names are empty and lookups fall back', () => {
    const [table] = runScript(
      `import px\n${recent}df.pod = df.ctx['pod']\ndf.name = px.nslookup(df.remote_addr)\npx.display(df[['pod', 'name']].head(1))`,
      { store, now: NOW },
    );
    expect(rowsOf(table as ResultTable)).toEqual([{ pod: '', name: '10.0.0.1' }]);
  });
});

describe('errors', () => {
  it('collects several problems in one error, in source order', () => {
    const text = checkError(
      `${recent}df.a = df.nope\ndf.b = px.nope(df.latency)\nx = undefined_name`,
    );
    expect(text.match(/^t\.pxl:\d+:\d+:/gm)).toEqual(['t.pxl:3:8:', 't.pxl:4:11:', 't.pxl:5:5:']);
  });

  it('reports runtime failures with the script line', () => {
    const source = `import px\n${recent}px.display(df.groupby('req_path').agg(n=('latency', px.count)))`;
    const compiled = compileScript(source, { now: NOW, tables: store, fileName: 'budget.pxl' });
    expect(compiled.mode).toBe('display');
    expect(compiled.outputs.map((o) => o.name)).toEqual(['output']);
    let error: unknown;
    try {
      runCompiled(compiled, { store, now: NOW, limits: { maxRows: 2 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PxlRuntimeError);
    expect((error as PxlError).render()).toContain('budget.pxl:3:');
  });

  it('refuses data-dependent conditions, recursion and misplaced constructs', () => {
    expect(checkError('def f(n):\n    return f(n)\nf(1)')).toContain(
      'calls nest deeper than 64 levels',
    );
    expect(checkError('return 1')).toContain("'return' outside a function");
    expect(checkError(`${recent}px.display(px.mean(df.latency))`)).toContain(
      'must be a DataFrame, got an aggregate expression',
    );
    expect(checkError(`${recent}px.display(df[df.latency])`)).toContain('BOOLEAN');
    expect(
      checkError(`${recent}px.display(df.groupby('req_path').agg(n=('latency', lambda x: x + 1)))`),
    ).toContain('must return an aggregate');
    expect(
      checkError(
        `${recent}df.x = df.ctx['pod']\ng = df.agg(n=('latency', px.count))\ng.p = g.ctx['pod']`,
      ),
    ).toContain("needs a 'upid' column");
    expect(checkError(`${recent}px.display(df)\nx = 1 / 0`)).toContain('division by zero');
    expect(checkError('x = 1')).toContain('the script shows nothing');
  });
});
