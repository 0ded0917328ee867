import { PxError } from './errors.js';

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/**
 * Parses a memory size: "512MiB", "2G" (binary), "1.5GB" (decimal), "4096" (bytes) or a
 * percentage of `totalBytes` ("5%").
 */
export function parseSize(text: string, totalBytes: number): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(%|[a-z]*)\s*$/i.exec(text);
  const value = Number(match?.[1]);
  const unit = match?.[2]?.toLowerCase() ?? '';
  const factor = unit === '%' ? totalBytes / 100 : UNITS[unit];
  if (match === null || factor === undefined || !(value > 0)) {
    throw new PxError(
      `invalid size "${text}"`,
      'usage.size',
      'write a size such as 512MiB, 2GiB, 1.5GB or a share of memory such as 5%',
    );
  }
  return Math.floor(value * factor);
}

/** 1536 → "1.5 KiB": base 1024, one decimal below 10 of a unit (as Pixie's CLI prints bytes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Math.abs(value) >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit] ?? 'B'}`;
}
