import { column } from '../../store/index.js';
import {
  agentStartNs,
  hostName,
  kernelHeadersInstalled,
  machineId,
  primaryAddress,
} from '../functions/host-facts.js';
import type { Udtf } from './udtf.js';

/**
 * Pixie's views of its agents and tracepoints. px is one agent on one host: the process
 * answering the query, so GetAgentStatus has one row describing this host and that process,
 * and GetTracepointStatus is empty (px deploys no dynamic tracepoints).
 */

/** Pixie's state of a healthy agent; the one running this query is alive by definition. */
const HEALTHY = 'AGENT_STATE_HEALTHY';

export const GET_AGENT_STATUS: Udtf = {
  name: 'GetAgentStatus',
  description: 'The agents collecting data: px itself, on this host.',
  columns: [
    column('agent_id', 'UINT128', "The agent's id: the host's machine id."),
    column('asid', 'INT64', "The agent's short id, as upids carry it (0)."),
    column('hostname', 'STRING', 'The host name.'),
    column('ip_address', 'STRING', "The host's address (of its default route)."),
    column('agent_state', 'STRING', 'The health of the agent.'),
    column('create_time', 'TIME64NS', 'When the px process answering the query started.'),
    column(
      'last_heartbeat_ns',
      'INT64',
      'Nanoseconds since its last heartbeat (0: it is answering).',
      {
        semantic: 'ST_DURATION_NS',
      },
    ),
    column(
      'kernel_headers_installed',
      'BOOLEAN',
      'Whether headers for the running kernel are installed.',
    ),
  ],
  params: [
    {
      name: 'include_kelvin',
      defaultValue: true,
      description: 'Whether to include Kelvin agents (px has none: no effect).',
    },
  ],
  rows: () => ({
    agent_id: [BigInt(`0x${machineId()}`)],
    asid: [0],
    hostname: [hostName()],
    ip_address: [primaryAddress()],
    agent_state: [HEALTHY],
    create_time: [agentStartNs()],
    last_heartbeat_ns: [0],
    kernel_headers_installed: [kernelHeadersInstalled()],
  }),
};

export const GET_TRACEPOINT_STATUS: Udtf = {
  name: 'GetTracepointStatus',
  description: 'Dynamic tracepoints deployed by scripts: none, px has no pxtrace.',
  columns: [
    column('tracepoint_id', 'UINT128', 'The id of the tracepoint.'),
    column('tracepoint_id_str', 'STRING', 'Its id as text.'),
    column('name', 'STRING', 'Its name.'),
    column('state', 'STRING', 'pending, running, failed, terminating or terminated.'),
    column('status', 'STRING', 'Status messages when not healthy, a JSON array.'),
    column('output_tables', 'STRING', 'The tables it writes, a JSON array.'),
  ],
  rows: () => ({
    tracepoint_id: [],
    tracepoint_id_str: [],
    name: [],
    state: [],
    status: [],
    output_tables: [],
  }),
};
