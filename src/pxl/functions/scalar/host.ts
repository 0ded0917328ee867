import { BlockList, isIP } from 'node:net';
import { availableParallelism, cpus } from 'node:os';
import { HOST_NAMESPACE } from '../../metadata.js';
import { hostName, machineId } from '../host-facts.js';
import { rowFunction } from '../row-function.js';
import type { ScalarFunction } from '../types.js';
import { uuidText } from './upid.js';

/**
 * Facts about the machine running the query, and address ranges. In Pixie `_exec_*` describe
 * the agent executing the query and `get_cidrs()` the cluster's pod and service ranges; px
 * runs on one host outside any cluster, so these describe that host and `get_cidrs()` is the
 * empty list (every address counts as outside, as a node without a cluster sees it). The
 * "cluster" (Pixie's Vizier) is the host: its id is the machine id, its name the host name,
 * and px's one agent has the short id 0 that px's upids carry.
 */

/** Parsed CIDR lists by their text: scripts pass the same list for every row. */
const LISTS_CACHED = 16;
const lists = new Map<string, BlockList>();

/** The CIDRs of a JSON array (or comma-separated text); entries that are not CIDRs are skipped. */
function blockList(text: string): BlockList {
  let list = lists.get(text);
  if (list !== undefined) return list;
  list = new BlockList();
  for (const cidr of cidrEntries(text)) {
    const [addr = '', bits = ''] = cidr.trim().split('/');
    const family = isIP(addr);
    const prefix = Number(bits);
    const max = family === 4 ? 32 : 128;
    if (family === 0 || !/^\d{1,3}$/.test(bits) || prefix > max) continue;
    guarded(() => {
      list.addSubnet(addr, prefix, family === 4 ? 'ipv4' : 'ipv6');
      return true;
    });
  }
  if (lists.size >= LISTS_CACHED) lists.clear();
  lists.set(text, list);
  return list;
}

function cidrEntries(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.filter((e): e is string => typeof e === 'string');
  } catch {
    // Not JSON: a plain list.
  }
  return text.split(',');
}

function containsIp(cidrs: string, ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  return guarded(() => blockList(cidrs).check(ip, family === 4 ? 'ipv4' : 'ipv6'));
}

/** Node refuses some text isIP accepts (zone ids such as fe80::1%eth0): such input is no match. */
function guarded(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    return false;
  }
}

function cpuCount(): number {
  const count = cpus().length;
  return count > 0 ? count : availableParallelism();
}

export const HOST_FUNCTIONS: readonly ScalarFunction[] = [
  rowFunction({
    name: '_exec_hostname',
    summary: '_exec_hostname(): the host name of the machine running the query.',
    params: [],
    result: 'STRING',
    fn: () => hostName(),
  }),
  rowFunction({
    name: '_exec_host_num_cpus',
    summary: '_exec_host_num_cpus(): the number of CPUs of the machine running the query.',
    params: [],
    result: 'INT64',
    fn: () => cpuCount(),
  }),
  rowFunction({
    name: 'asid',
    summary: "asid(): the short id of the agent the data comes from (0: px's one agent).",
    params: [],
    result: 'INT64',
    fn: () => 0,
  }),
  rowFunction({
    name: 'vizier_id',
    summary: "vizier_id(): the cluster's id; on a host, its machine id as a UUID.",
    params: [],
    result: 'STRING',
    fn: () => uuidText(BigInt(`0x${machineId()}`)),
  }),
  rowFunction({
    name: 'vizier_name',
    summary: "vizier_name(): the cluster's name; on a host, the host name.",
    params: [],
    result: 'STRING',
    fn: () => hostName(),
  }),
  rowFunction({
    name: 'vizier_namespace',
    summary: `vizier_namespace(): the namespace px runs in ('${HOST_NAMESPACE}').`,
    params: [],
    result: 'STRING',
    fn: () => HOST_NAMESPACE,
  }),
  rowFunction({
    name: 'get_cidrs',
    summary: "get_cidrs(): the cluster's pod and service CIDRs as a JSON array ('[]' on a host).",
    params: [],
    result: 'STRING',
    fn: () => '[]',
  }),
  rowFunction({
    name: 'cidrs_contain_ip',
    summary: 'cidrs_contain_ip(cidrs, ip): whether ip lies in one of the JSON array of CIDRs.',
    params: ['STRING', 'STRING'],
    result: 'BOOLEAN',
    dictArg: 1,
    fn: ([cidrs, ip]) => containsIp(cidrs as string, ip as string),
  }),
];
