import { describe, expect, it } from 'vitest';
import type { ResultTable } from '../exec/index.js';
import { primaryAddress, ticksToTimeNs } from '../functions/host-facts.js';
import { uuidText } from '../functions/scalar/upid.js';
import { StaticMetadata, type MetadataProvider } from '../metadata.js';
import { runScript } from '../run.js';
import { rowsOf, type Obj } from './testing/compare.js';
import { appendRows, smallStore } from './testing/rows.js';

/** Kubernetes metadata functions answered on a bare host, through the real compiler and engine. */
const NOW = 1_700_000_000_000_000_000n;
const S = 1_000_000_000n;
const upid = (pid: number) => (BigInt(pid) << 64n) | 99n;

const store = smallStore(NOW);
appendRows(
  store,
  'http_events',
  [10, 20, 30].map((pid, i) => ({
    time_: NOW - BigInt(i + 1) * S,
    upid: upid(pid),
    remote_addr: ['10.0.0.1', '10.0.0.2', '10.0.0.3'][i] as string,
    req_path: `/p${pid}`,
    trace_role: 2,
  })),
);

const DB_START = 1_600_000_000_000_000_000n;
const metadata = new StaticMetadata({
  hostname: 'box',
  processes: [
    { upid: upid(10), pid: 10, comm: 'web', cmdline: 'web --port 80' },
    { upid: upid(20), pid: 20, comm: 'api', cmdline: 'api', container: 'api-c1' },
  ],
  pods: [
    {
      id: 'p-1',
      name: 'prod/db-0',
      namespace: 'prod',
      service: 'prod/db',
      ips: ['10.0.0.1'],
      startTimeNs: DB_START,
    },
  ],
});

function rows(source: string, meta: MetadataProvider = metadata): Obj[] {
  const tables = runScript(
    `import px\ndf = px.DataFrame('http_events', start_time='-1m')\n${source}`,
    {
      store,
      metadata: meta,
      now: NOW,
    },
  );
  return rowsOf(tables[0] as ResultTable);
}

const RUNNING = '{"phase":"Running","message":"","reason":"","ready":true}';
const UNKNOWN = '{"phase":"Unknown","message":"","reason":"","ready":false}';
/** The process pods started 99 ticks (0.99 s) after this host booted. */
const STARTED = ticksToTimeNs(99n) ?? 0n;

describe('pods of processes', () => {
  it('have the upid as id, and ids and names lead back to the process', () => {
    const out = rows(`df.pod = df.ctx['pod']
df.pod_id = px.upid_to_pod_id(df.upid)
df.by_id = px.pod_id_to_pod_name(df.pod_id)
df.id_by_name = px.pod_name_to_pod_id(df.pod)
df.service = px.pod_id_to_service_name(df.pod_id)
df.ns = px.pod_id_to_namespace(df.pod_id)
df.node = px.pod_id_to_node_name(df.pod_id)
df.container_id = px.upid_to_container_id(df.upid)
px.display(df[['req_path', 'pod', 'pod_id', 'by_id', 'id_by_name', 'service', 'ns', 'node', 'container_id']])`);
    const web = uuidText(upid(10));
    const api = uuidText(upid(20));
    expect(out).toEqual([
      {
        req_path: '/p10',
        pod: 'host/web-10',
        pod_id: web,
        by_id: 'host/web-10',
        id_by_name: web,
        service: 'host/web',
        ns: 'host',
        node: 'box',
        container_id: web,
      },
      // A container's pod name holds no pid: only its id leads back.
      {
        req_path: '/p20',
        pod: 'host/api-c1',
        pod_id: api,
        by_id: 'host/api-c1',
        id_by_name: '',
        service: 'host/api',
        ns: 'host',
        node: 'box',
        container_id: api,
      },
      // An exited (unknown) process has no pod, as in Pixie.
      {
        req_path: '/p30',
        pod: '',
        pod_id: '',
        by_id: '',
        id_by_name: '',
        service: '',
        ns: '',
        node: '',
        container_id: '',
      },
    ]);
  });

  it('are Running since their process started, with the host address', () => {
    const out = rows(`df.pod = df.ctx['pod']
df.status = px.pod_name_to_status(df.pod)
df.upid_status = px.upid_to_pod_status(df.upid)
df.started = px.pod_name_to_start_time(df.pod)
df.by_id = px.pod_id_to_start_time(px.upid_to_pod_id(df.upid))
df.ip = px.pod_name_to_pod_ip(df.pod)
df.container = px.container_id_to_status(px.upid_to_container_id(df.upid))
df.container_start = px.container_id_to_start_time(px.upid_to_container_id(df.upid))
px.display(df[['req_path', 'status', 'upid_status', 'started', 'by_id', 'ip', 'container', 'container_start']])`);
    const running = '{"state":"Running","message":"","reason":""}';
    const unknown = '{"state":"Unknown","message":"","reason":""}';
    expect(out).toEqual([
      {
        req_path: '/p10',
        status: RUNNING,
        upid_status: RUNNING,
        started: STARTED,
        by_id: STARTED,
        ip: primaryAddress(),
        container: running,
        container_start: STARTED,
      },
      {
        req_path: '/p20',
        status: UNKNOWN,
        upid_status: RUNNING,
        started: 0n,
        by_id: STARTED,
        ip: '',
        container: running,
        container_start: STARTED,
      },
      {
        req_path: '/p30',
        status: UNKNOWN,
        upid_status: UNKNOWN,
        started: 0n,
        by_id: 0n,
        ip: '',
        container: unknown,
        container_start: 0n,
      },
    ]);
  });

  it('give the service name as service id, for upids, pod names and pod ids', () => {
    const out = rows(`df.a = px.upid_to_service_id(df.upid)
df.b = px.pod_name_to_service_id(df.ctx['pod'])
df.c = px.pod_name_to_service_name(df.ctx['pod'])
df.d = px.pod_id_to_service_id(px.upid_to_pod_id(df.upid))
df.e = px.service_id_to_service_name(df.a)
px.display(df[['a', 'b', 'c', 'd', 'e']])`);
    expect(out).toEqual([
      { a: 'host/web', b: 'host/web', c: 'host/web', d: 'host/web', e: 'host/web' },
      { a: 'host/api', b: '', c: '', d: 'host/api', e: 'host/api' },
      { a: '', b: '', c: '', d: '', e: '' },
    ]);
  });

  it('need the provider to find processes by pid; without it names stay unknown', () => {
    const withoutPids: MetadataProvider = {
      processOf: (u) => metadata.processOf(u),
      serviceOfEndpoint: () => undefined,
      podIdOfIp: () => undefined,
      podById: () => undefined,
      nameOfIp: () => undefined,
      hostname: () => 'box',
    };
    const out = rows(
      `df.status = px.pod_name_to_status(df.ctx['pod'])
df.upid_status = px.upid_to_pod_status(df.upid)
px.display(df[['status', 'upid_status']].head(1))`,
      withoutPids,
    );
    expect(out).toEqual([{ status: UNKNOWN, upid_status: RUNNING }]);
  });
});

describe("the provider's pods and services", () => {
  it('answer by IP, id and name', () => {
    const out = rows(`df = df[df.remote_addr == '10.0.0.1']
df.pod_id = px.ip_to_pod_id(df.remote_addr)
df.service_id = px.ip_to_service_id(df.remote_addr)
df.name = px.pod_id_to_pod_name(df.pod_id)
df.started = px.pod_id_to_start_time(df.pod_id)
df.ip = px.pod_name_to_pod_ip(df.name)
df.status = px.pod_name_to_status(df.name)
df.by_name = px.pod_name_to_start_time(df.name)
df.node = px.pod_id_to_node_name(df.pod_id)
df.ns = px.pod_name_to_namespace(df.name)
df.svc_ns = px.service_name_to_namespace(df.service_id)
df.svc = px.service_id_to_service_name(df.service_id)
df.svc_id = px.service_name_to_service_id(df.svc)
px.display(df[['pod_id', 'service_id', 'name', 'started', 'ip', 'status', 'by_name', 'node', 'ns', 'svc_ns', 'svc', 'svc_id']])`);
    expect(out).toEqual([
      {
        pod_id: 'p-1',
        service_id: 'prod/db',
        name: 'prod/db-0',
        started: DB_START,
        ip: '10.0.0.1',
        status: RUNNING,
        by_name: DB_START,
        node: 'box',
        ns: 'prod',
        svc_ns: 'prod',
        svc: 'prod/db',
        svc_id: 'prod/db',
      },
    ]);
  });

  it('leave what they do not know empty, as Pixie does', () => {
    const out = rows(`df = df[df.remote_addr == '10.0.0.3']
df.service_id = px.ip_to_service_id(df.remote_addr)
df.svc = px.service_id_to_service_name('not-a-name')
df.ns = px.pod_name_to_namespace('a/b/c')
df.ip = px.pod_name_to_pod_ip('prod/nothing')
df.status = px.container_id_to_status('nope')
px.display(df[['service_id', 'svc', 'ns', 'ip', 'status']])`);
    expect(out).toEqual([
      {
        service_id: '',
        svc: '',
        ns: '',
        ip: '',
        status: '{"state":"Unknown","message":"","reason":""}',
      },
    ]);
  });

  it('type-check their arguments like every metadata function', () => {
    expect(() => rows('df.x = px.pod_name_to_status(df.upid)\npx.display(df)')).toThrow(
      'px.pod_name_to_status takes (STRING), got (UINT128)',
    );
  });
});
