import { parseDuration } from '../functions/duration.js';

/**
 * Times as px.DataFrame's start_time and end_time take them: relative to the query's clock
 * ('-5m', '-30s', '-1h', '-7d', '1h30m' ago when negative), absolute text
 * ('2024-01-02 15:04:05', '2020-07-13 18:02:05.00 -0700', ISO 8601), or Unix nanoseconds.
 */
const ABSOLUTE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Absolute nanoseconds, or undefined when `text` is no time PxL accepts. */
export function parseTimeText(text: string, nowNs: bigint): bigint | undefined {
  const trimmed = text.trim();
  const relative = parseDuration(trimmed);
  if (relative !== undefined) return nowNs + BigInt(relative);
  const match = ABSOLUTE.exec(trimmed);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
  );
  if (!Number.isFinite(ms) || !validDate(match, ms)) return undefined;
  const fractionNs = BigInt((frac ?? '').padEnd(9, '0') || '0');
  return BigInt(ms) * 1_000_000n + fractionNs - BigInt(zoneOffsetMinutes(zone)) * 60_000_000_000n;
}

/** Rejects dates Date.UTC would roll over, such as February 30 or 25:00. */
function validDate(match: RegExpExecArray, ms: number): boolean {
  const date = new Date(ms);
  return (
    date.getUTCFullYear() === Number(match[1]) &&
    date.getUTCMonth() === Number(match[2]) - 1 &&
    date.getUTCDate() === Number(match[3]) &&
    date.getUTCHours() === Number(match[4] ?? 0) &&
    date.getUTCMinutes() === Number(match[5] ?? 0)
  );
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}
