import type { SemanticType } from '../../store/index.js';
import type { MetadataProvider } from '../metadata.js';
import type { DataType, ScalarValue } from '../plan/types.js';
import {
  containerStatus,
  namespaceOf,
  podOfId,
  podOfName,
  podOfProcess,
  podStatus,
  serviceIdOfName,
  type PodView,
} from './bare-host-pods.js';
import type { MetadataFunction } from './metadata-functions.js';

/**
 * Pixie's Kubernetes metadata functions that mean something on a bare host, answered from
 * the pods of bare-host-pods.ts: `pod_name_to_status(df.ctx['pod'])` is Running for a traced
 * process, `pod_name_to_start_time` its start. Like Pixie, an unknown pod, service or
 * container gives '' (time 0, status Unknown). Lookups compute these once per distinct key.
 */

type Find = (meta: MetadataProvider, key: ScalarValue) => PodView | undefined;

/** What each kind of key is, and how it finds its pod. */
const KEYS = {
  upid: { type: 'UINT128', find: (meta, upid) => podOfProcess(meta, upid as bigint) },
  pod_id: { type: 'STRING', find: (meta, id) => podOfId(meta, id as string) },
  pod_name: { type: 'STRING', find: (meta, name) => podOfName(meta, name as string) },
  container_id: { type: 'STRING', find: (meta, id) => podOfId(meta, id as string) },
  ip: {
    type: 'STRING',
    find: (meta, ip) => {
      const podId = meta.podIdOfIp(ip as string);
      return podId === undefined ? undefined : podOfId(meta, podId);
    },
  },
} satisfies Record<string, { type: DataType; find: Find }>;

function podFunction(
  name: string,
  key: keyof typeof KEYS,
  result: DataType,
  read: (pod: PodView | undefined) => ScalarValue,
  summary: string,
  semantic: SemanticType = 'ST_NONE',
): MetadataFunction {
  const { type, find } = KEYS[key];
  return {
    name,
    params: [type],
    result,
    semantic,
    summary: `${name}(${key}): ${summary}`,
    compute: ([value], meta) => read(find(meta, value as ScalarValue)),
  };
}

function textFunction(
  name: string,
  read: (text: string) => string,
  summary: string,
): MetadataFunction {
  return {
    name,
    params: ['STRING'],
    result: 'STRING',
    semantic: name.endsWith('service_name') ? 'ST_SERVICE_NAME' : 'ST_NONE',
    summary,
    compute: ([text]) => read(text as string),
  };
}

const id = (pod: PodView | undefined) => pod?.id ?? '';
const service = (pod: PodView | undefined) => pod?.service ?? '';
const started = (pod: PodView | undefined) => pod?.startTimeNs ?? 0n;

export const KUBERNETES_FUNCTIONS: readonly MetadataFunction[] = [
  podFunction('upid_to_pod_id', 'upid', 'STRING', id, "the process's pod id (its upid as a UUID)."),
  podFunction('upid_to_container_id', 'upid', 'STRING', id, 'its container id (its pod id).'),
  podFunction(
    'upid_to_service_id',
    'upid',
    'STRING',
    service,
    'its service id (the service name).',
  ),
  podFunction('upid_to_pod_status', 'upid', 'STRING', podStatus, "its pod's status JSON."),
  podFunction('pod_id_to_start_time', 'pod_id', 'TIME64NS', started, 'when the pod started.'),
  podFunction('pod_id_to_service_id', 'pod_id', 'STRING', service, "the pod's service id."),
  podFunction('pod_name_to_pod_id', 'pod_name', 'STRING', id, 'the id of the pod.'),
  podFunction(
    'pod_name_to_pod_ip',
    'pod_name',
    'STRING',
    (pod) => pod?.ips[0] ?? '',
    "the pod's IP.",
    'ST_IP_ADDRESS',
  ),
  podFunction('pod_name_to_start_time', 'pod_name', 'TIME64NS', started, 'when the pod started.'),
  podFunction(
    'pod_name_to_status',
    'pod_name',
    'STRING',
    podStatus,
    'its status JSON {phase, message, reason, ready}.',
  ),
  podFunction(
    'pod_name_to_service_name',
    'pod_name',
    'STRING',
    service,
    "the pod's service.",
    'ST_SERVICE_NAME',
  ),
  podFunction('pod_name_to_service_id', 'pod_name', 'STRING', service, "the pod's service id."),
  podFunction('ip_to_service_id', 'ip', 'STRING', service, 'the service of the pod owning the IP.'),
  podFunction(
    'container_id_to_status',
    'container_id',
    'STRING',
    containerStatus,
    'its status JSON {state, message, reason}.',
  ),
  podFunction(
    'container_id_to_start_time',
    'container_id',
    'TIME64NS',
    started,
    'when it started.',
  ),
  textFunction(
    'pod_name_to_namespace',
    namespaceOf,
    "pod_name_to_namespace(pod_name): the namespace part of 'ns/name'.",
  ),
  textFunction(
    'service_name_to_namespace',
    namespaceOf,
    "service_name_to_namespace(service): the namespace part of 'ns/name'.",
  ),
  textFunction(
    'service_id_to_service_name',
    serviceIdOfName,
    'service_id_to_service_name(id): the service (an id is its name).',
  ),
  textFunction(
    'service_name_to_service_id',
    serviceIdOfName,
    'service_name_to_service_id(service): its id (the name itself).',
  ),
];
