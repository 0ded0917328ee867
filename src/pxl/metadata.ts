/**
 * Metadata without Kubernetes: what `df.ctx[...]` and the `px.upid_to_*`, `px.ip_to_pod_id`,
 * `px.pod_id_to_*` and `px.nslookup` functions read. The engine asks a MetadataProvider once
 * per distinct upid, IP or endpoint of a query, never per row, and derives Pixie's pod,
 * service, namespace and node names from the answers with the synthetic rules below.
 */

/** A traced process, as /proc describes it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly cmdline: string;
  /** The short command name (`/proc/<pid>/comm`). */
  readonly comm: string;
  /** The container name when the process runs in one. */
  readonly container?: string;
}

/** A pod-like unit: a container with its own network namespace, or the host. */
export interface PodInfo {
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly node?: string;
  /** The pod's own IP addresses. */
  readonly ips?: readonly string[];
  /** When it started, Unix ns. */
  readonly startTimeNs?: bigint;
}

export interface MetadataProvider {
  processOf(upid: bigint): ProcessInfo | undefined;
  /** The service of the local process listening on addr:port, if any. */
  serviceOfEndpoint(addr: string, port: number): string | undefined;
  /** The pod id owning this IP, if it is a local pod's own address. */
  podIdOfIp(addr: string): string | undefined;
  podById(podId: string): PodInfo | undefined;
  /** A name for the IP (reverse DNS, /etc/hosts), if known. */
  nameOfIp(addr: string): string | undefined;
  hostname(): string;
  /**
   * The upid of the running process with this pid. Synthetic pod names carry a pid
   * (`host/nginx-42`), so `px.pod_name_to_*` find their process through it; a provider without
   * it leaves those functions at their "unknown pod" answers.
   */
  upidOfPid?(pid: number): bigint | undefined;
  /** The id of the provider's pod with this name (`podById`'s key), if any. */
  podIdOfName?(name: string): string | undefined;
}

/** The namespace every synthetic pod and service lives in. */
export const HOST_NAMESPACE = 'host';

/** Everything `df.ctx[...]` can give for one row's process. */
export interface ProcessMetadata {
  readonly pod: string;
  readonly service: string;
  readonly namespace: string;
  readonly node: string;
  readonly container: string;
  readonly pid: number;
  readonly cmdline: string;
}

/** The pid packed in a upid (bits 64..95), as Pixie and the collector build it. */
export function upidPid(upid: bigint): number {
  return Number((upid >> 64n) & 0xffffffffn);
}

/** The agent short id packed in a upid (bits 96..127). */
export function upidAsid(upid: bigint): number {
  return Number((upid >> 96n) & 0xffffffffn);
}

export function podNameOf(process: ProcessInfo): string {
  const name = process.container ?? `${process.comm}-${process.pid}`;
  return `${HOST_NAMESPACE}/${name}`;
}

export function serviceNameOf(process: ProcessInfo): string {
  return `${HOST_NAMESPACE}/${process.comm}`;
}

/** `ip:port`, with IPv6 addresses in brackets. */
export function endpointText(addr: string, port: number): string {
  if (addr === '' || addr === '-') return '';
  return addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`;
}

/**
 * Row metadata of a process. A known process gets synthetic names; upid 0 (rows read from a
 * capture file, no process known) is named after the server endpoint so views keep their
 * rows; any other unknown upid (a process that has exited) gets empty names, as in Pixie.
 */
export function processMetadata(
  meta: MetadataProvider,
  upid: bigint,
  server: { readonly addr: string; readonly port: number },
): ProcessMetadata {
  const node = meta.hostname();
  const process = meta.processOf(upid);
  if (process !== undefined) {
    return {
      pod: podNameOf(process),
      service: serviceNameOf(process),
      namespace: HOST_NAMESPACE,
      node,
      container: process.container ?? process.comm,
      pid: process.pid,
      cmdline: process.cmdline,
    };
  }
  const endpoint = upid === 0n ? endpointText(server.addr, server.port) : '';
  const service = upid === 0n ? (meta.serviceOfEndpoint(server.addr, server.port) ?? endpoint) : '';
  return {
    pod: endpoint,
    service,
    namespace: endpoint === '' ? '' : HOST_NAMESPACE,
    node,
    container: '',
    pid: upidPid(upid),
    cmdline: '',
  };
}

/**
 * The service that served a request: the traced process itself on the server side
 * (trace_role 2), else the local process listening on the server endpoint, else `ip:port`.
 */
export function servedService(
  meta: MetadataProvider,
  upid: bigint,
  traceRole: number,
  server: { readonly addr: string; readonly port: number },
): string {
  if (traceRole !== 1) return processMetadata(meta, upid, server).service;
  return meta.serviceOfEndpoint(server.addr, server.port) ?? endpointText(server.addr, server.port);
}

/** A provider that knows nothing: names are empty, lookups fall back. */
export const NO_METADATA: MetadataProvider = {
  processOf: () => undefined,
  serviceOfEndpoint: () => undefined,
  podIdOfIp: () => undefined,
  podById: () => undefined,
  nameOfIp: () => undefined,
  hostname: () => '',
};

export interface StaticProcess extends ProcessInfo {
  readonly upid: bigint;
}

export interface StaticPod extends PodInfo {
  readonly id: string;
}

export interface StaticMetadataOptions {
  readonly hostname?: string;
  readonly processes?: readonly StaticProcess[];
  readonly endpoints?: readonly { addr: string; port: number; service: string }[];
  readonly pods?: readonly StaticPod[];
  readonly names?: readonly { addr: string; name: string }[];
}

/** A provider from fixed data: for tests, and for capture files with a known topology. */
export class StaticMetadata implements MetadataProvider {
  private readonly processes: ReadonlyMap<bigint, ProcessInfo>;
  private readonly endpoints: ReadonlyMap<string, string>;
  private readonly pods: ReadonlyMap<string, PodInfo>;
  private readonly podIps: ReadonlyMap<string, string>;
  private readonly names: ReadonlyMap<string, string>;
  private readonly podIds: ReadonlyMap<string, string>;
  private readonly host: string;

  constructor(options: StaticMetadataOptions = {}) {
    this.host = options.hostname ?? '';
    this.processes = new Map((options.processes ?? []).map((p) => [p.upid, p]));
    this.endpoints = new Map(
      (options.endpoints ?? []).map((e) => [endpointText(e.addr, e.port), e.service]),
    );
    this.pods = new Map((options.pods ?? []).map((p) => [p.id, p]));
    this.podIps = new Map(
      (options.pods ?? []).flatMap((p) => (p.ips ?? []).map((ip) => [ip, p.id])),
    );
    this.names = new Map((options.names ?? []).map((n) => [n.addr, n.name]));
    this.podIds = new Map((options.pods ?? []).map((p) => [p.name, p.id]));
  }

  processOf(upid: bigint): ProcessInfo | undefined {
    return this.processes.get(upid);
  }

  serviceOfEndpoint(addr: string, port: number): string | undefined {
    return this.endpoints.get(endpointText(addr, port));
  }

  podIdOfIp(addr: string): string | undefined {
    return this.podIps.get(addr);
  }

  podById(podId: string): PodInfo | undefined {
    return this.pods.get(podId);
  }

  nameOfIp(addr: string): string | undefined {
    return this.names.get(addr);
  }

  hostname(): string {
    return this.host;
  }

  upidOfPid(pid: number): bigint | undefined {
    for (const [upid, process] of this.processes) if (process.pid === pid) return upid;
    return undefined;
  }

  podIdOfName(name: string): string | undefined {
    return this.podIds.get(name);
  }
}

/**
 * A provider that asks `meta` at most once per distinct argument: one query computes several
 * names from the same process, and a live provider may read /proc to answer.
 */
export function memoized(meta: MetadataProvider): MetadataProvider {
  const cache = <K, V>(ask: (key: K) => V) => {
    const answers = new Map<K, V>();
    return (key: K): V => {
      if (answers.has(key)) return answers.get(key) as V;
      const answer = ask(key);
      answers.set(key, answer);
      return answer;
    };
  };
  const endpoint = cache((key: string) => {
    const at = key.lastIndexOf(' ');
    return meta.serviceOfEndpoint(key.slice(0, at), Number(key.slice(at + 1)));
  });
  const hostname = cache(() => meta.hostname());
  const upidOfPid = meta.upidOfPid?.bind(meta);
  const podIdOfName = meta.podIdOfName?.bind(meta);
  return {
    processOf: cache((upid: bigint) => meta.processOf(upid)),
    serviceOfEndpoint: (addr, port) => endpoint(`${addr} ${port}`),
    podIdOfIp: cache((addr: string) => meta.podIdOfIp(addr)),
    podById: cache((id: string) => meta.podById(id)),
    nameOfIp: cache((addr: string) => meta.nameOfIp(addr)),
    hostname: () => hostname(undefined),
    ...(upidOfPid === undefined ? {} : { upidOfPid: cache(upidOfPid) }),
    ...(podIdOfName === undefined ? {} : { podIdOfName: cache(podIdOfName) }),
  };
}
