import type { SemanticType } from '../../store/index.js';
import {
  processMetadata,
  servedService,
  upidAsid,
  type MetadataProvider,
  type ProcessMetadata,
} from '../metadata.js';
import type { DataType, ScalarValue } from '../plan/types.js';
import { podOfId } from './bare-host-pods.js';
import { KUBERNETES_FUNCTIONS } from './kubernetes-metadata-functions.js';

/**
 * Functions answered by the MetadataProvider. The compiler turns calls to them into lookup
 * tables joined to the data (see lower.ts), so each is computed once per distinct argument
 * tuple. Names with a dot are internal: what `df.ctx[...]` and the course's `df.service`
 * compile to.
 */
export interface MetadataFunction {
  readonly name: string;
  readonly params: readonly DataType[];
  readonly result: DataType;
  readonly semantic: SemanticType;
  readonly summary: string;
  compute(args: readonly ScalarValue[], meta: MetadataProvider): ScalarValue;
}

const NO_SERVER = { addr: '', port: 0 };

type ProcessField = keyof ProcessMetadata;

function upidFunction(name: string, field: ProcessField, summary: string): MetadataFunction {
  const numeric = field === 'pid';
  return {
    name,
    params: ['UINT128'],
    result: numeric ? 'INT64' : 'STRING',
    semantic: field === 'pod' ? 'ST_POD_NAME' : field === 'service' ? 'ST_SERVICE_NAME' : 'ST_NONE',
    summary,
    compute: ([upid], meta) => processMetadata(meta, upid as bigint, NO_SERVER)[field],
  };
}

/** `df.ctx[key]`: (upid, server address, server port), the endpoint naming capture-file rows. */
function ctxFunction(field: ProcessField): MetadataFunction {
  return {
    ...upidFunction(`ctx.${field}`, field, `df.ctx['${field}']`),
    params: ['UINT128', 'STRING', 'INT64'],
    compute: ([upid, addr, port], meta) =>
      processMetadata(meta, upid as bigint, { addr: addr as string, port: port as number })[field],
  };
}

function podFunction(
  name: string,
  read: (meta: MetadataProvider, podId: string) => string,
  summary: string,
): MetadataFunction {
  return {
    name,
    params: ['STRING'],
    result: 'STRING',
    semantic: name === 'pod_id_to_pod_name' ? 'ST_POD_NAME' : 'ST_NONE',
    summary,
    compute: ([podId], meta) => read(meta, podId as string),
  };
}

const servedServiceFunction: MetadataFunction = {
  name: 'dialect.service',
  params: ['UINT128', 'INT64', 'STRING', 'INT64'],
  result: 'STRING',
  semantic: 'ST_SERVICE_NAME',
  summary: 'the service that served the request',
  compute: ([upid, role, addr, port], meta) =>
    servedService(meta, upid as bigint, role as number, {
      addr: addr as string,
      port: port as number,
    }),
};

const FUNCTIONS: readonly MetadataFunction[] = [
  upidFunction('upid_to_pod_name', 'pod', 'upid_to_pod_name(upid): the pod of the process.'),
  upidFunction('upid_to_service_name', 'service', 'upid_to_service_name(upid): its service.'),
  upidFunction('upid_to_namespace', 'namespace', 'upid_to_namespace(upid): its namespace.'),
  upidFunction('upid_to_node_name', 'node', 'upid_to_node_name(upid): the node (host name).'),
  upidFunction('upid_to_hostname', 'node', 'upid_to_hostname(upid): the host name.'),
  upidFunction(
    'upid_to_container_name',
    'container',
    'upid_to_container_name(upid): its container.',
  ),
  upidFunction('upid_to_cmdline', 'cmdline', 'upid_to_cmdline(upid): the command line.'),
  upidFunction('upid_to_pid', 'pid', 'upid_to_pid(upid): the process id.'),
  {
    name: 'upid_to_asid',
    params: ['UINT128'],
    result: 'INT64',
    semantic: 'ST_NONE',
    summary: 'upid_to_asid(upid): the agent short id packed in the upid.',
    compute: ([upid]) => upidAsid(upid as bigint),
  },
  {
    name: 'ip_to_pod_id',
    params: ['STRING'],
    result: 'STRING',
    semantic: 'ST_NONE',
    summary: "ip_to_pod_id(ip): the pod owning the IP, '' when none.",
    compute: ([ip], meta) => meta.podIdOfIp(ip as string) ?? '',
  },
  podFunction(
    'pod_id_to_pod_name',
    (m, id) => podOfId(m, id)?.name ?? '',
    'pod_id_to_pod_name(id)',
  ),
  podFunction(
    'pod_id_to_service_name',
    (m, id) => podOfId(m, id)?.service ?? '',
    'pod_id_to_service_name(id)',
  ),
  podFunction(
    'pod_id_to_namespace',
    (m, id) => podOfId(m, id)?.namespace ?? '',
    'pod_id_to_namespace(id)',
  ),
  podFunction(
    'pod_id_to_node_name',
    (m, id) => podOfId(m, id)?.node ?? '',
    'pod_id_to_node_name(id)',
  ),
  {
    name: 'nslookup',
    params: ['STRING'],
    result: 'STRING',
    semantic: 'ST_NONE',
    summary: 'nslookup(ip): a name for the IP, or the IP itself when none is known.',
    compute: ([ip], meta) => meta.nameOfIp(ip as string) ?? (ip as string),
  },
  ...KUBERNETES_FUNCTIONS,
  ...(['pod', 'service', 'namespace', 'node', 'container', 'pid', 'cmdline'] as const).map(
    ctxFunction,
  ),
  servedServiceFunction,
];

const BY_NAME: ReadonlyMap<string, MetadataFunction> = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function metadataFunction(name: string): MetadataFunction | undefined {
  return BY_NAME.get(name);
}

export function metadataFunctions(): readonly MetadataFunction[] {
  return FUNCTIONS;
}

/** The px.* names (internal ones excluded). */
export function publicMetadataNames(): string[] {
  return FUNCTIONS.map((f) => f.name).filter((n) => !n.includes('.'));
}
