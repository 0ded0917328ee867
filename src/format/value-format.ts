import type { ColumnType, SemanticType } from '../store/index.js';
import { formatBytes } from '../shared/size.js';

/**
 * Turns one value into display text by its column's type and semantic type, the way Pixie's
 * CLI does (pixie-spec §4), so `-o table`, csv and the TUI agree. JSON output keeps raw values.
 */
export interface ValueColumn {
  readonly type: ColumnType;
  readonly semantic: SemanticType;
  readonly enumValues?: Readonly<Record<number, string>>;
}

export type RawValue = bigint | number | string | boolean | null;

const NS_PER = { us: 1e3, ms: 1e6, s: 1e9, min: 60e9, hour: 3600e9, day: 86_400e9 };

/** 1234 → "1.23 µs", 90e9 → "1 min 30 s", 2 days+ → "2 days 3 hours". */
export function formatDurationNs(ns: number): string {
  const sign = ns < 0 ? '-' : '';
  const abs = Math.abs(ns);
  if (abs >= NS_PER.day) {
    return `${sign}${Math.floor(abs / NS_PER.day)} days ${Math.floor((abs % NS_PER.day) / NS_PER.hour)} hours`;
  }
  if (abs >= NS_PER.hour) {
    return `${sign}${Math.floor(abs / NS_PER.hour)} hours ${Math.floor((abs % NS_PER.hour) / NS_PER.min)} min`;
  }
  if (abs >= NS_PER.min) {
    return `${sign}${Math.floor(abs / NS_PER.min)} min ${Math.floor((abs % NS_PER.min) / NS_PER.s)} s`;
  }
  if (abs >= NS_PER.s) return `${sign}${trim(abs / NS_PER.s)} s`;
  if (abs >= NS_PER.ms) return `${sign}${trim(abs / NS_PER.ms)} ms`;
  if (abs >= NS_PER.us) return `${sign}${trim(abs / NS_PER.us)} µs`;
  return `${sign}${trim(abs)} ns`;
}

/** Three significant digits, no trailing zeros: 1.50 → "1.5", 123.4 → "123". */
function trim(value: number): string {
  return String(Number(value.toPrecision(3)));
}

/** Go's %g with 6 significant digits, as Pixie prints FLOAT64. */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [mantissa = '', exponentText = '0'] = value.toExponential(5).split('e');
  const exponent = Number(exponentText);
  const stripZeros = (text: string): string =>
    text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  if (exponent >= -4 && exponent < 6) return stripZeros(value.toPrecision(6));
  const sign = exponent < 0 ? '-' : '+';
  return `${stripZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** A time as UTC text with ms: "2024-01-02 15:04:05.123 +0000 UTC" (Pixie's table form). */
export function formatTimeNs(ns: bigint): string {
  const iso = new Date(Number(ns / 1_000_000n)).toISOString(); // 2024-01-02T15:04:05.123Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} +0000 UTC`;
}

/** A 128-bit upid as the UUID text Pixie's CLI prints (16 big-endian bytes). */
export function formatUpid(upid: bigint): string {
  const hex = BigInt.asUintN(128, upid).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function formatQuantiles(json: string, valueSemantic: SemanticType): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof parsed !== 'object' || parsed === null) return json;
  return Object.entries(parsed)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => {
      const n = Number(v);
      return `${k}: ${valueSemantic === 'ST_DURATION_NS' ? formatDurationNs(n) : formatFloat(n)}`;
    })
    .join(', ');
}

/** A px.script_reference value shows only its label (Pixie's CLI; the UI makes it a link). */
function scriptReferenceLabel(json: string): string {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed === 'object' && parsed !== null && 'label' in parsed) {
      const label: unknown = parsed.label;
      if (typeof label === 'string') return label;
    }
  } catch {
    // Not JSON: show the text as it is.
  }
  return json;
}

export function formatValue(value: RawValue, column: ValueColumn): string {
  if (value === null) return '';
  if (typeof value === 'bigint') {
    return column.type === 'UINT128' ? formatUpid(value) : formatTimeNs(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') {
    if (column.semantic === 'ST_DURATION_NS_QUANTILES')
      return formatQuantiles(value, 'ST_DURATION_NS');
    if (column.semantic === 'ST_QUANTILES') return formatQuantiles(value, 'ST_NONE');
    if (column.semantic === 'ST_SCRIPT_REFERENCE') return scriptReferenceLabel(value);
    return value;
  }
  return formatNumber(value, column);
}

/**
 * A value for a screen cell or a label: numbers rounded to three significant digits first,
 * so "30.1694 /sec" reads "30.2 /sec"; plain integer counts stay exact, other kinds as
 * formatValue shows them.
 */
export function formatCompact(value: RawValue, column: ValueColumn): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return formatValue(value, column);
  const plainCount = column.type === 'INT64' && column.semantic === 'ST_NONE';
  return formatValue(plainCount ? value : Number(value.toPrecision(3)), column);
}

function formatNumber(value: number, column: ValueColumn): string {
  switch (column.semantic) {
    case 'ST_BYTES':
      return formatBytes(value);
    case 'ST_DURATION_NS':
      return formatDurationNs(value);
    case 'ST_PERCENT':
      return `${(value * 100).toFixed(2)}%`;
    case 'ST_THROUGHPUT_PER_NS':
      return `${formatFloat(value * 1e9)} /sec`;
    case 'ST_THROUGHPUT_BYTES_PER_NS':
      return `${formatBytes(value * 1e9)}/sec`;
    default:
      break;
  }
  const name = column.enumValues?.[value];
  if (name !== undefined && column.semantic === 'ST_NONE') return name;
  if (column.type === 'FLOAT64') return formatFloat(value);
  return String(value);
}
