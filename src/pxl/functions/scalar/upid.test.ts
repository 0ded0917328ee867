import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate, requestRows, storeWith } from '../../exec/testing/fixture.js';
import { binary, call, col, int, str } from '../../plan/expr.js';
import { uuidText } from './upid.js';

const rows = requestRows(30);
const store = storeWith(rows);

describe('upid functions', () => {
  it('uint128 reads a UUID, with or without dashes', () => {
    const value = (text: string) => evaluate(store, call('uint128', str(text))).values[0];
    expect(value('00000000-0000-0001-0000-00000000002a')).toBe((1n << 64n) | 42n);
    expect(value('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF')).toBe(2n ** 128n - 1n);
    expect(() => evaluate(store, call('uint128', str('12-34')))).toThrow(
      "px.uint128: '12-34' is not a UUID",
    );
  });

  it('make_upid packs asid, pid and start ticks as the store’s upids are packed', () => {
    // The fixture's upids: pid 1 + i % 3 in bits 64..95, start ticks 12345, asid 0.
    const pid = binary('+', int(1), binary('%', col('status'), int(1)));
    const made = evaluate(store, call('make_upid', int(0), int(2), int(12345)));
    expect(made.field).toEqual({ name: 'out', type: 'UINT128', semantic: 'ST_UPID' });
    expect(made.values[0]).toBe((2n << 64n) | 12345n);
    const same = binary('==', col('upid'), call('make_upid', int(0), pid, int(12345)));
    expect(evaluate(store, same).values).toEqual(rows.map((r) => r.upid === (1n << 64n) + 12345n));
    expect(evaluate(store, call('make_upid', int(7), int(1), int(2))).values[0]).toBe(
      (7n << 96n) | (1n << 64n) | 2n,
    );
  });

  it("upid_to_string writes 'asid:pid:start_ticks'", () => {
    expect(evaluate(store, call('upid_to_string', col('upid'))).values).toEqual(
      rows.map((_, i) => `0:${1 + (i % 3)}:12345`),
    );
    const upid = call('make_upid', int(3), int(4242), int(99));
    expect(evaluate(store, call('upid_to_string', upid)).values[0]).toBe('3:4242:99');
  });

  it("upid(pid, start_ticks) is make_upid with asid 0, the asid of px's one agent", () => {
    const made = evaluate(store, call('upid', int(2), int(12345)));
    expect(made.values[0]).toBe((2n << 64n) | 12345n);
    expect(made.field.semantic).toBe('ST_UPID');
    expect(evaluate(store, call('asid')).values[0]).toBe(0);
  });

  it("upid_to_start_ts adds the start ticks (1/100 s) to this host's boot time", () => {
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '0';
    const got = evaluate(store, call('upid_to_start_ts', col('upid')));
    expect(got.field.type).toBe('TIME64NS');
    expect(new Set(got.values)).toEqual(
      new Set([BigInt(btime) * 1_000_000_000n + 123_450_000_000n]),
    );
    expect(evaluate(store, call('upid_to_start_ts', call('upid', int(0), int(0)))).values[0]).toBe(
      0n,
    );
  });

  it('uuidText writes 128 bits as the CLI prints upids', () => {
    expect(uuidText((42n << 64n) | 12345n)).toBe('00000000-0000-002a-0000-000000003039');
    expect(uuidText(2n ** 128n - 1n)).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff');
  });
});
