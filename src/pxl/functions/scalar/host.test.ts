import { cpus, hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { binary, call, col, int, str } from '../../plan/expr.js';
import { machineId } from '../host-facts.js';
import { uuidText } from './upid.js';

const rows = requestRows(20);
const store = storeWith(rows);
const one = (expr: Parameters<typeof evaluate>[1]) => evaluate(store, expr).values[0];

describe('host functions', () => {
  it('describe the machine running the query', () => {
    expect(one(call('_exec_hostname'))).toBe(hostname());
    expect(one(call('_exec_host_num_cpus'))).toBe(cpus().length);
    expect(one(call('get_cidrs'))).toBe('[]');
  });

  it('describe the host as the cluster (Vizier) a Pixie script asks about', () => {
    // The machine id (tested in host-facts.test.ts) as a UUID.
    expect(one(call('vizier_id'))).toBe(uuidText(BigInt(`0x${machineId()}`)));
    expect(one(call('vizier_id'))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(one(call('vizier_name'))).toBe(hostname());
    expect(one(call('vizier_namespace'))).toBe('host');
    expect(one(call('asid'))).toBe(0);
  });

  it('cidrs_contain_ip tests IPv4 and IPv6 ranges of a JSON array', () => {
    const cidrs = '["10.0.0.0/8", "192.168.1.0/24", "fd00::/8", "bad", "1.2.3.4/40"]';
    const contains = (ip: string) => one(call('cidrs_contain_ip', str(cidrs), str(ip)));
    expect(contains('10.200.3.4')).toBe(true);
    expect(contains('192.168.1.255')).toBe(true);
    expect(contains('192.168.2.1')).toBe(false);
    expect(contains('::ffff:10.0.0.1')).toBe(true);
    expect(contains('fd12:3456::1')).toBe(true);
    expect(contains('fe80::1')).toBe(false);
    expect(contains('1.2.3.4')).toBe(false);
    expect(contains('not an ip')).toBe(false);
    expect(one(call('cidrs_contain_ip', str('172.16.0.0/12'), str('172.31.9.9')))).toBe(true);
    expect(one(call('cidrs_contain_ip', call('get_cidrs'), str('10.0.0.1')))).toBe(false);
  });

  it('cidrs_contain_ip on a column of addresses', () => {
    // Addresses 10.0.<status % 256>.1: 200 and 201 lie in 10.0.200.0/23, 404 and 500 do not.
    const ip = binary(
      '+',
      binary('+', str('10.0.'), call('itoa', binary('%', col('status'), int(256)))),
      str('.1'),
    );
    expect(evaluate(store, call('cidrs_contain_ip', str('["10.0.200.0/23"]'), ip)).values).toEqual(
      rows.map((r) => r.status === 200 || r.status === 201),
    );
  });
});
