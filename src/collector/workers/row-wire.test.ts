import { describe, expect, it } from 'vitest';
import { BatchBuilder, dnsEvents, Store } from '../../store/index.js';
import { packBatch, unpackBatch } from './row-wire.js';

function dnsBatch(times: readonly bigint[]) {
  const builder = new BatchBuilder(dnsEvents);
  times.forEach((t, i) => {
    builder.push({
      time_: t,
      remote_addr: i % 2 === 0 ? '10.0.0.1' : '10.0.0.2',
      remote_port: 5300 + i,
      encrypted: i % 2 === 1,
      req_body: '{"queries":[]}',
    });
  });
  return builder.take();
}

describe('packBatch', () => {
  it('packs numbers and times into transferable typed arrays, strings as distinct values', () => {
    const batch = dnsBatch([1_700_000_000_000_000_000n, 1_700_000_000_000_000_500n, 3n]);
    const transfer: ArrayBuffer[] = [];
    const packed = packBatch('dns_events', batch, transfer);
    expect(packed.columns['time_']).toBeInstanceOf(BigInt64Array);
    expect(packed.columns['remote_port']).toEqual(new Float64Array([5300, 5301, 5302]));
    expect(packed.columns['encrypted']).toEqual(new Float64Array([0, 1, 0]));
    expect(packed.dicts['remote_addr']?.values).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(packed.dicts['req_body']?.values).toEqual(['{"queries":[]}']);
    expect(packed.dicts['upid']?.values).toEqual([0n]);
    expect(transfer).toContain(packed.dicts['req_body']?.codes.buffer);
    expect(structuredClone(packed, { transfer })).toBeDefined();
  });

  it('unpacks to a batch the store reads as the same rows', () => {
    const batch = dnsBatch([1_700_000_000_000_000_000n, 1_700_000_000_000_000_500n]);
    const packed = structuredClone(packBatch('dns_events', batch, []));
    const plain = new Store({ budgetBytes: 1 << 26 });
    const fromPacked = new Store({ budgetBytes: 1 << 26 });
    plain.append('dns_events', batch);
    fromPacked.append('dns_events', unpackBatch(packed));
    expect(fromPacked.snapshot('dns_events').chunks).toEqual(plain.snapshot('dns_events').chunks);
  });

  it('leaves a time column that does not fit 64 bits as it was', () => {
    const built = dnsBatch([1n, 2n]);
    const batch = { ...built, columns: { ...built.columns, time_: [1n, 2n ** 64n] } };
    const packed = packBatch('dns_events', batch, []);
    expect(packed.columns['time_']).toBe(batch.columns['time_']);
  });
});
