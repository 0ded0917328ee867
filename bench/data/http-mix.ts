import type { ColumnInput, RowBatch } from '../../src/store/index.js';

/**
 * A deterministic stream of http_events rows shaped like a busy node's: a few dozen processes
 * and peers, routes with ids in them, mostly-200 statuses, log-normal latencies, and headers
 * carrying a unique request id (so string payloads are realistic, not all dictionary hits).
 */
export interface HttpMixOptions {
  readonly startNs: bigint;
  /** Mean spacing between rows. */
  readonly stepNs: number;
  readonly seed?: number;
}

const SERVICES = ['cart', 'checkout', 'catalog', 'users', 'payments', 'search', 'auth', 'ads'];
const ROUTES = ['/api/items/{id}', '/api/users/{id}/orders', '/healthz', '/api/search?q={id}', '/'];
const METHODS = ['GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE'];
const STATUSES: readonly [number, string][] = [
  [200, 'OK'],
  [200, 'OK'],
  [200, 'OK'],
  [200, 'OK'],
  [200, 'OK'],
  [200, 'OK'],
  [200, 'OK'],
  [201, 'Created'],
  [404, 'Not Found'],
  [500, 'Internal Server Error'],
];

/** Small, fast, seedable PRNG (mulberry32) so runs are repeatable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The columns fillRow writes; the constant ones are filled once per batch. */
interface MixColumns {
  time_: bigint[];
  upid: bigint[];
  remote_addr: string[];
  remote_port: Float64Array;
  content_type: Float64Array;
  req_headers: string[];
  req_method: string[];
  req_path: string[];
  req_body: string[];
  req_body_size: Float64Array;
  resp_headers: string[];
  resp_status: Float64Array;
  resp_message: string[];
  resp_body: string[];
  resp_body_size: Float64Array;
  latency: Float64Array;
}

export class HttpMix {
  private readonly random: () => number;
  private timeNs: bigint;
  private readonly upids: bigint[];
  private seq = 0;

  constructor(private readonly options: HttpMixOptions) {
    this.random = prng(options.seed ?? 42);
    this.timeNs = options.startNs;
    this.upids = Array.from(
      { length: 24 },
      (_, i) => (BigInt(1000 + i) << 64n) | BigInt(5_000_000 + i * 977),
    );
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  /** The next `rows` rows as one column batch. */
  batch(rows: number): RowBatch {
    const cols = {
      time_: new Array<bigint>(rows),
      upid: new Array<bigint>(rows),
      remote_addr: new Array<string>(rows),
      remote_port: new Float64Array(rows),
      local_addr: new Array<string>(rows).fill('10.0.0.5'),
      local_port: new Float64Array(rows).fill(8080),
      trace_role: new Float64Array(rows).fill(2),
      encrypted: new Uint8Array(rows),
      major_version: new Float64Array(rows).fill(1),
      minor_version: new Float64Array(rows).fill(1),
      content_type: new Float64Array(rows),
      req_headers: new Array<string>(rows),
      req_method: new Array<string>(rows),
      req_path: new Array<string>(rows),
      req_body: new Array<string>(rows),
      req_body_size: new Float64Array(rows),
      resp_headers: new Array<string>(rows),
      resp_status: new Float64Array(rows),
      resp_message: new Array<string>(rows),
      resp_body: new Array<string>(rows),
      resp_body_size: new Float64Array(rows),
      latency: new Float64Array(rows),
    };
    for (let i = 0; i < rows; i++) this.fillRow(cols, i);
    return { length: rows, columns: cols satisfies Record<string, ColumnInput> };
  }

  private fillRow(cols: MixColumns, i: number): void {
    const r = this.random;
    this.timeNs += BigInt(Math.floor(this.options.stepNs * 2 * r()));
    const id = Math.floor(r() * 5000);
    const service = this.pick(SERVICES);
    const route = this.pick(ROUTES).replace('{id}', String(id));
    const method = this.pick(METHODS);
    const [status, message] = this.pick(STATUSES);
    const requestId = `${(this.seq++).toString(16)}-${service}`;
    const body = status >= 400 ? `{"error":"${message}","id":${id}}` : `{"id":${id},"ok":true}`;
    cols.time_[i] = this.timeNs;
    cols.upid[i] = this.pick(this.upids);
    cols.remote_addr[i] = `10.0.${Math.floor(r() * 4)}.${Math.floor(r() * 40)}`;
    cols.remote_port[i] = 32768 + Math.floor(r() * 28000);
    cols.content_type[i] = 1;
    cols.req_headers[i] =
      `{"Host":"${service}:8080","User-Agent":"px-bench","X-Request-Id":"${requestId}"}`;
    cols.req_method[i] = method;
    cols.req_path[i] = route;
    cols.req_body[i] = method === 'POST' ? `{"item":${id}}` : '';
    cols.req_body_size[i] = method === 'POST' ? 12 : 0;
    cols.resp_headers[i] = `{"Content-Type":"application/json","Content-Length":"${body.length}"}`;
    cols.resp_status[i] = status;
    cols.resp_message[i] = message;
    cols.resp_body[i] = body;
    cols.resp_body_size[i] = body.length;
    // Log-normal around ~3 ms with a long tail.
    const gaussian = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    cols.latency[i] = Math.round(Math.exp(15 + gaussian));
  }
}
