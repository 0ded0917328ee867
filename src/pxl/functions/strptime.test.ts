import { describe, expect, it } from 'vitest';
import { strptime, unknownDirective } from './strptime.js';

const S = 1_000_000_000n;
/** Unix ns of a UTC date, via Date.UTC (months from 1). */
const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * 1_000_000n;

describe('strptime', () => {
  it("reads Pixie's documented example to the value Pixie's own test expects", () => {
    expect(strptime('2020-03-12 19:39:59 -0200', '%Y-%m-%d %H:%M:%S %z')).toBe(
      1_584_049_199_000_000_000n,
    );
  });

  it("reads Pixie's absolute-time format with fractional seconds and zone forms", () => {
    const format = '%E4Y-%m-%d %H:%M:%E*S %z';
    const base = utc(2024, 1, 2, 15, 4, 5);
    expect(strptime('2024-01-02 15:04:05 +0000', format)).toBe(base);
    expect(strptime('2024-01-02 15:04:05.25 +0000', format)).toBe(base + S / 4n);
    expect(strptime('2024-01-02 15:04:05.123456789123 Z', format)).toBe(base + 123_456_789n);
    expect(strptime('2024-01-02 15:04:05 +02:00', format)).toBe(base - 7200n * S);
    expect(strptime('2024-01-02 15:04:05 -07', format)).toBe(base + 7n * 3600n * S);
    expect(strptime('2024-01-02T15:04:05.5Z', '%Y-%m-%dT%H:%M:%E*S%Ez')).toBe(base + S / 2n);
  });

  it('reads common log formats, names, 12-hour clocks and shorthand directives', () => {
    expect(strptime('10/Oct/2000:13:55:36 -0700', '%d/%b/%Y:%H:%M:%S %z')).toBe(
      utc(2000, 10, 10, 20, 55, 36),
    );
    expect(strptime('Tuesday, 5 March 2024', '%A, %e %B %Y')).toBe(utc(2024, 3, 5));
    expect(strptime('03/05/24 07:08 PM', '%D %I:%M %p')).toBe(utc(2024, 3, 5, 19, 8));
    expect(strptime('12:30 am', '%I:%M %p')).toBe(utc(1970, 1, 1, 0, 30));
    expect(strptime('2024-03-05 01:02:03', '%F %T')).toBe(utc(2024, 3, 5, 1, 2, 3));
    expect(strptime('2024 060 10:11', '%Y %j %R')).toBe(utc(2024, 2, 29, 10, 11));
    expect(strptime('1700000000', '%s')).toBe(1_700_000_000n * S);
    expect(strptime('2024-03-05 UTC', '%Y-%m-%d %Z')).toBe(utc(2024, 3, 5));
    expect(strptime('50%', '%y%%')).toBe(utc(2050, 1, 1));
  });

  it('defaults missing fields to 1970-01-01 00:00:00 UTC and reads two-digit years as POSIX does', () => {
    expect(strptime('15:04', '%H:%M')).toBe(utc(1970, 1, 1, 15, 4));
    expect(strptime('68', '%y')).toBe(utc(2068, 1, 1));
    expect(strptime('69', '%y')).toBe(utc(1969, 1, 1));
    expect(strptime('  2024  ', '%Y')).toBe(utc(2024, 1, 1));
    expect(strptime('2024-03-05', '%Y - %m - %d')).toBe(utc(2024, 3, 5));
  });

  it('refuses text that does not match the whole format or names no real time', () => {
    const format = '%Y-%m-%d %H:%M:%S';
    for (const text of [
      '2024-02-30 00:00:00',
      '2023-02-29 00:00:00',
      '2024-13-01 00:00:00',
      '2024-01-01 24:00:00',
      '2024-01-01 00:60:00',
      '2024-01-01 00:00:00 trailing',
      '2024-01-01',
      'yesterday',
      '',
    ]) {
      expect(strptime(text, format), text).toBeUndefined();
    }
    expect(strptime('Foo 5', '%b %d')).toBeUndefined();
    expect(strptime('2024-01-01 PST', '%Y-%m-%d %Z')).toBeUndefined();
    expect(strptime('9999-12-31', '%Y-%m-%d')).toBeUndefined(); // past int64 nanoseconds
    expect(strptime('2024', '%Q')).toBeUndefined();
  });

  it('names the first directive it does not know', () => {
    expect(unknownDirective('%Y-%m-%d %H:%M:%E*S %Ez %%')).toBeUndefined();
    expect(unknownDirective('%Y %Q %K')).toBe('%Q');
    expect(unknownDirective('ends with %')).toBe('%');
  });
});
