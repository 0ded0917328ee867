import { describe, expect, it } from 'vitest';
import { parseTimeText } from './times.js';

const NOW = 1_700_000_000_123_456_789n;
const S = 1_000_000_000n;

describe('parseTimeText', () => {
  it('counts relative times back from now', () => {
    expect(parseTimeText('-5m', NOW)).toBe(NOW - 300n * S);
    expect(parseTimeText('-30s', NOW)).toBe(NOW - 30n * S);
    expect(parseTimeText('-1h', NOW)).toBe(NOW - 3600n * S);
    expect(parseTimeText('-7d', NOW)).toBe(NOW - 7n * 86400n * S);
    expect(parseTimeText(' -1h30m ', NOW)).toBe(NOW - 5400n * S);
    expect(parseTimeText('-250ms', NOW)).toBe(NOW - 250_000_000n);
  });

  it('reads absolute times, UTC unless a zone is given', () => {
    expect(parseTimeText('2023-11-14 22:13:20', NOW)).toBe(1_700_000_000n * S);
    expect(parseTimeText('2023-11-14T22:13:20.5Z', NOW)).toBe(1_700_000_000n * S + 500_000_000n);
    expect(parseTimeText('2023-11-14 15:13:20 -0700', NOW)).toBe(1_700_000_000n * S);
    expect(parseTimeText('2023-11-15 00:13:20+02:00', NOW)).toBe(1_700_000_000n * S);
    expect(parseTimeText('2020-07-13 18:02:5.00 -0700', NOW)).toBe(
      BigInt(Date.UTC(2020, 6, 14, 1, 2, 5)) * 1_000_000n,
    );
    expect(parseTimeText('2023-11-14', NOW)).toBe(BigInt(Date.UTC(2023, 10, 14)) * 1_000_000n);
    expect(parseTimeText('2023-11-14 22:13:20.123456789 UTC', NOW)).toBe(
      1_700_000_000_123_456_789n,
    );
  });

  it('refuses what is not a time', () => {
    for (const text of [
      '-5x',
      '5 minutes',
      '',
      'now',
      '2023-02-30 10:00',
      '2023-11-14 25:00',
      '2023-13-01',
    ]) {
      expect(parseTimeText(text, NOW), text).toBeUndefined();
    }
  });
});
