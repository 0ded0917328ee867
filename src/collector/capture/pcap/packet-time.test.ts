import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PacketTime } from './packet-time.js';

describe('packet times from a base and an offset', () => {
  it('equals base + offset for any sequence of bases and offsets', () => {
    const offset = fc.oneof(
      fc.integer({ min: 0, max: 999_999_999 }),
      fc.integer({ min: 0, max: 999_999 }).map((us) => us * 1000),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    );
    const step = fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 1n << 62n }), offset);
    fc.assert(
      fc.property(fc.array(step, { maxLength: 50 }), (steps) => {
        const time = new PacketTime();
        let base = 0n;
        for (const [newBase, nextBase, offsetNs] of steps) {
          if (newBase) {
            base = nextBase;
            time.setBase(base);
          }
          expect(time.at(offsetNs)).toBe(base + BigInt(offsetNs));
        }
      }),
    );
  });

  it('keeps packets of one millisecond apart, and a new base resets the millisecond', () => {
    const time = new PacketTime();
    time.setBase(1_000_000_000n);
    expect(time.at(5_000_001)).toBe(1_005_000_001n);
    expect(time.at(5_999_000)).toBe(1_005_999_000n);
    time.setBase(2_000_000_000n);
    expect(time.at(5_000_000)).toBe(2_005_000_000n);
  });
});
