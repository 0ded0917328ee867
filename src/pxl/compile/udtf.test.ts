import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { PxlCheckError } from '../errors.js';
import type { ResultTable } from '../exec/index.js';
import {
  agentStartNs,
  kernelHeadersInstalled,
  machineId,
  primaryAddress,
} from '../functions/host-facts.js';
import { aggregateFunctions, scalarFunctions } from '../functions/registry.js';
import { runScript } from '../run.js';
import { publicMetadataNames } from './metadata-functions.js';
import { rowsOf, type Obj } from './testing/compare.js';
import { smallStore } from './testing/rows.js';
import { udtfNames } from './udtf.js';

const NOW = 1_700_000_000_000_000_000n;
const store = smallStore(NOW);

function run(source: string): ResultTable[] {
  return runScript(`import px\n${source}`, { store, now: NOW });
}

function rows(source: string): Obj[] {
  return rowsOf(run(source)[0] as ResultTable);
}

function message(source: string): string {
  try {
    run(source);
  } catch (error) {
    if (error instanceof PxlCheckError) return error.diagnostics.map((d) => d.message).join('\n');
    throw error;
  }
  throw new Error('ran without errors');
}

describe('GetAgentStatus', () => {
  it('has one row describing this host and the px process answering', () => {
    const before = agentStartNs();
    const [agent] = rows('px.display(px.GetAgentStatus())');
    expect(agent).toEqual({
      agent_id: BigInt(`0x${machineId()}`),
      asid: 0,
      hostname: hostname(),
      ip_address: primaryAddress(),
      agent_state: 'AGENT_STATE_HEALTHY',
      create_time: before,
      last_heartbeat_ns: 0,
      kernel_headers_installed: kernelHeadersInstalled(),
    });
    expect(run('px.display(px.GetAgentStatus())')[0]?.relation.map((f) => f.type)).toEqual([
      'UINT128',
      'INT64',
      'STRING',
      'STRING',
      'STRING',
      'TIME64NS',
      'INT64',
      'BOOLEAN',
    ]);
  });

  it("takes Pixie's include_kelvin argument and checks its type", () => {
    expect(rows('px.display(px.GetAgentStatus(include_kelvin=False))')).toHaveLength(1);
    expect(rows('px.display(px.GetAgentStatus(True))')).toHaveLength(1);
    expect(message("px.display(px.GetAgentStatus('yes'))")).toBe(
      'px.GetAgentStatus() include_kelvin must be True or False, got a string',
    );
    expect(message('px.display(px.GetAgentStatus(kelvin=True))')).toBe(
      "px.GetAgentStatus() has no parameter 'kelvin'",
    );
    expect(message('px.display(px.GetTables(1))')).toBe('px.GetTables() takes no arguments');
  });

  it('works as a DataFrame: columns derived and filtered as in px/agent_status', () => {
    const out = rows(`df = px.GetAgentStatus()
df.heartbeat = px.DurationNanos(df.last_heartbeat_ns)
df = df[df.agent_state == 'AGENT_STATE_HEALTHY']
px.display(df[['hostname', 'heartbeat']])`);
    expect(out).toEqual([{ hostname: hostname(), heartbeat: 0 }]);
  });
});

describe('function lists', () => {
  it('GetUDFList has a row per accepted argument list of every public function', () => {
    const udfs = rows('px.display(px.GetUDFList())');
    const names = new Set(udfs.map((r) => r['name']));
    const expected = [...scalarFunctions().map((f) => f.name), ...publicMetadataNames()].filter(
      (n) => !n.startsWith('_'),
    );
    expect([...names].sort()).toEqual([...new Set(expected)].sort());
    expect(udfs.filter((r) => r['name'] === 'contains')).toEqual([
      { name: 'contains', return_type: 'BOOLEAN', args: '{"args":["STRING","STRING"]}' },
    ]);
    expect(udfs).toContainEqual({
      name: 'pod_name_to_start_time',
      return_type: 'TIME64NS',
      args: '{"args":["STRING"]}',
    });
    expect(udfs).toContainEqual({
      name: 'equal',
      return_type: 'BOOLEAN',
      args: '{"args":["UINT128","UINT128"]}',
    });
    expect(udfs.map((r) => r['name'])).toEqual([...udfs.map((r) => r['name'])].sort());
  });

  it('GetUDAList lists every aggregate and its input types', () => {
    const udas = rows('px.display(px.GetUDAList())');
    expect(new Set(udas.map((r) => r['name']))).toEqual(
      new Set(aggregateFunctions().map((f) => f.name)),
    );
    expect(udas.filter((r) => r['name'] === 'mean').map((r) => r['args'])).toEqual([
      '{"args":["BOOLEAN"]}',
      '{"args":["INT64"]}',
      '{"args":["FLOAT64"]}',
    ]);
    expect(udas).toContainEqual({
      name: 'quantiles',
      return_type: 'STRING',
      args: '{"args":["INT64"]}',
    });
  });

  it('GetUDTFList describes every UDTF with its arguments and columns', () => {
    const udtfs = rows('px.display(px.GetUDTFList())');
    expect(udtfs.map((r) => r['name'])).toEqual(udtfNames());
    expect(udtfNames()).toEqual([
      'GetSchemas',
      'GetTables',
      'GetAgentStatus',
      'GetUDFList',
      'GetUDAList',
      'GetUDTFList',
      'GetTracepointStatus',
    ]);
    const agent = udtfs.find((r) => r['name'] === 'GetAgentStatus');
    expect(JSON.parse(agent?.['init_args'] as string)).toEqual({
      args: [
        {
          name: 'include_kelvin',
          type: 'BOOLEAN',
          stype: 'ST_NONE',
          desc: 'Whether to include Kelvin agents (px has none: no effect).',
        },
      ],
    });
    const relation = JSON.parse(agent?.['output_relation'] as string) as {
      relation: { name: string; type: string; ptype: string }[];
    };
    expect(relation.relation.map((c) => `${c.name}:${c.type}:${c.ptype}`)).toEqual([
      'agent_id:UINT128:GENERAL',
      'asid:INT64:GENERAL',
      'hostname:STRING:GENERAL',
      'ip_address:STRING:GENERAL',
      'agent_state:STRING:GENERAL',
      'create_time:TIME64NS:GENERAL',
      'last_heartbeat_ns:INT64:GENERAL',
      'kernel_headers_installed:BOOLEAN:GENERAL',
    ]);
    expect(new Set(udtfs.map((r) => r['executor']))).toEqual(new Set(['UDTF_ONE_KELVIN']));
  });
});

describe('GetTracepointStatus', () => {
  it("is empty with Pixie's columns: px deploys no tracepoints", () => {
    const [table] = run('px.display(px.GetTracepointStatus())');
    expect(table?.rowCount).toBe(0);
    expect(table?.relation.map((f) => `${f.name}:${f.type}`)).toEqual([
      'tracepoint_id:UINT128',
      'tracepoint_id_str:STRING',
      'name:STRING',
      'state:STRING',
      'status:STRING',
      'output_tables:STRING',
    ]);
  });
});
