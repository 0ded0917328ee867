/** Durations as PxL writes them: '-5m', '30s', '1h30m', '250ms', '7d'. */
const UNIT_NS: ReadonlyMap<string, number> = new Map([
  ['ns', 1],
  ['us', 1e3],
  ['µs', 1e3],
  ['ms', 1e6],
  ['s', 1e9],
  ['m', 60e9],
  ['h', 3600e9],
  ['d', 86400e9],
]);

const DURATION = /^([+-]?)((?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+)$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g;

/** Signed nanoseconds, or undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;
  let total = 0;
  for (const [, amount, unit] of (match[2] ?? '').matchAll(PART)) {
    total += Number(amount) * (UNIT_NS.get(unit ?? '') ?? 0);
  }
  return Math.round(match[1] === '-' ? -total : total);
}

/** Go's Duration text: '0s', '750ns', '1.5µs', '12.3ms', '1h2m3.5s'. */
export function formatDuration(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  if (ns < 0) return `-${formatDuration(-ns)}`;
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${trimDecimals(ns)}ns`;
  if (ns < 1e6) return `${trimDecimals(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trimDecimals(ns / 1e6)}ms`;
  const hours = Math.floor(ns / 3600e9);
  const minutes = Math.floor((ns % 3600e9) / 60e9);
  const seconds = `${trimDecimals((ns % 60e9) / 1e9)}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  return minutes > 0 ? `${minutes}m${seconds}` : seconds;
}

/** Up to nine decimals, without trailing zeros. */
function trimDecimals(value: number): string {
  return String(Number(value.toFixed(9)));
}
