import { primaryAddress } from '../functions/host-facts.js';
import { parseUint128, upidStartNs, uuidText } from '../functions/scalar/upid.js';
import { HOST_NAMESPACE, podNameOf, serviceNameOf, type MetadataProvider } from '../metadata.js';

/**
 * Kubernetes objects as px's metadata functions see them on a bare host. A pod is either one
 * the provider knows (a container with its own network namespace, say) or the synthetic pod of
 * a traced process, named as `df.ctx['pod']` names it (`host/<comm>-<pid>`, `host/<container>`).
 * A synthetic pod's id is its process's upid as UUID text, so ids and names lead back to the
 * process; its one container has the same id. Services have no objects of their own: a
 * service's id is its name.
 */
export interface PodView {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly node: string;
  /** Its IPs: a process shares the host's network, so its pod has the host's address. */
  readonly ips: readonly string[];
  /** Unix ns; 0 when unknown, as Pixie gives for an unknown pod. */
  readonly startTimeNs: bigint;
}

/** The synthetic pod of the process with this upid, if the provider knows the process. */
export function podOfProcess(meta: MetadataProvider, upid: bigint): PodView | undefined {
  const process = upid === 0n ? undefined : meta.processOf(upid);
  if (process === undefined) return undefined;
  return {
    id: uuidText(upid),
    name: podNameOf(process),
    namespace: HOST_NAMESPACE,
    service: serviceNameOf(process),
    node: meta.hostname(),
    ips: [primaryAddress()],
    startTimeNs: upidStartNs(upid),
  };
}

/** A pod by id: the provider's, else a process's (its upid as UUID text). */
export function podOfId(meta: MetadataProvider, id: string): PodView | undefined {
  const pod = meta.podById(id);
  if (pod !== undefined) {
    return {
      id,
      name: pod.name,
      namespace: pod.namespace,
      service: pod.service,
      node: pod.node ?? meta.hostname(),
      ips: pod.ips ?? [],
      startTimeNs: pod.startTimeNs ?? 0n,
    };
  }
  const upid = parseUint128(id);
  return upid === undefined ? undefined : podOfProcess(meta, upid);
}

const PROCESS_POD = new RegExp(`^${HOST_NAMESPACE}/.+-(\\d+)$`);

/**
 * A pod by name: the provider's, else the process whose synthetic pod has this name, found
 * by the pid the name ends with. A container's pod (`host/<container>`) names no pid, so only
 * the provider can find it.
 */
export function podOfName(meta: MetadataProvider, name: string): PodView | undefined {
  const id = meta.podIdOfName?.(name);
  const known = id === undefined ? undefined : podOfId(meta, id);
  if (known !== undefined) return known;
  const pid = PROCESS_POD.exec(name)?.[1];
  const upid = pid === undefined ? undefined : meta.upidOfPid?.(Number(pid));
  const pod = upid === undefined ? undefined : podOfProcess(meta, upid);
  return pod?.name === name ? pod : undefined;
}

/**
 * Pixie's pod status JSON. px sees no pod lifecycle: a pod it knows is Running and ready (a
 * process that has exited but is still remembered counts too), any other is Unknown.
 */
export function podStatus(pod: PodView | undefined): string {
  return JSON.stringify({
    phase: pod === undefined ? 'Unknown' : 'Running',
    message: '',
    reason: '',
    ready: pod !== undefined,
  });
}

/** Pixie's container status JSON, with the same rule as podStatus. */
export function containerStatus(pod: PodView | undefined): string {
  return JSON.stringify({
    state: pod === undefined ? 'Unknown' : 'Running',
    message: '',
    reason: '',
  });
}

/** The namespace of a `namespace/name` text, '' for anything else (Pixie's rule). */
export function namespaceOf(name: string): string {
  const parts = name.split('/');
  return parts.length === 2 ? (parts[0] as string) : '';
}

/** A service id on a bare host is its name; '' for text that is no `namespace/name`. */
export function serviceIdOfName(name: string): string {
  return namespaceOf(name) === '' ? '' : name;
}
