import { describe, expect, it } from 'vitest';
import { formatBytes, parseSize } from './size.js';

const GiB = 1024 ** 3;

describe('parseSize', () => {
  it.each([
    ['4096', 4096],
    ['512MiB', 512 * 1024 ** 2],
    ['512m', 512 * 1024 ** 2],
    ['2G', 2 * GiB],
    ['1.5GB', 1.5e9],
    ['5%', Math.floor(0.05 * 24 * GiB)],
    [' 10 % ', Math.floor(0.1 * 24 * GiB)],
  ])('%s', (text, bytes) => {
    expect(parseSize(text, 24 * GiB)).toBe(bytes);
  });

  it.each(['', 'lots', '-5%', '0', '12XB', '5%%'])('rejects %j with a hint', (text) => {
    expect(() => parseSize(text, GiB)).toThrow(`invalid size "${text}"`);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1000, '1000 B'],
    [1536, '1.5 KiB'],
    [10 * 1024, '10 KiB'],
    [1.25 * GiB, '1.3 GiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
