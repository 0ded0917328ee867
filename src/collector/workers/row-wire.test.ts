import { describe, expect, it } from 'vitest';
import { BatchBuilder, dnsEvents, Store } from '../../store/index.js';
import { packBatch } from './row-wire.js';

function dnsBatch(times: readonly bigint[]) {
  const builder = new BatchBuilder(dnsEvents);
  times.forEach((t, i) => {
    builder.push({
      time_: t,
      remote_addr: '10.0.0.1',
      remote_port: 5300 + i,
      encrypted: i % 2 === 1,
    });
  });
  return builder.take();
}

describe('packBatch', () => {
  it('turns numeric and time columns into transferable typed arrays, the store reads the same rows', () => {
    const batch = dnsBatch([1_700_000_000_000_000_000n, 1_700_000_000_000_000_500n]);
    const transfer: ArrayBuffer[] = [];
    const packed = packBatch('dns_events', batch, transfer);
    expect(packed.columns['time_']).toBeInstanceOf(BigInt64Array);
    expect(packed.columns['remote_port']).toEqual(new Float64Array([5300, 5301]));
    expect(packed.columns['encrypted']).toEqual(new Float64Array([0, 1]));
    expect(packed.columns['remote_addr']).toBe(batch.columns['remote_addr']);
    expect(transfer.length).toBeGreaterThan(0);

    const plain = new Store({ budgetBytes: 1 << 26 });
    const fromPacked = new Store({ budgetBytes: 1 << 26 });
    plain.append('dns_events', batch);
    fromPacked.append('dns_events', packed);
    expect(fromPacked.snapshot('dns_events').chunks).toEqual(plain.snapshot('dns_events').chunks);
  });

  it('leaves a time column that does not fit 64 bits as it was', () => {
    const batch = dnsBatch([1n, 2n ** 64n]);
    const packed = packBatch('dns_events', batch, []);
    expect(packed.columns['time_']).toBe(batch.columns['time_']);
  });
});
