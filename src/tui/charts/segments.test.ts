import { describe, expect, it } from 'vitest';
import { fitRow, rowText } from './segments.js';

describe('fitRow', () => {
  const row = [{ text: '● ', colorIndex: 0 }, { text: 'frontend 12 ms' }];

  it('keeps a row that fits', () => {
    expect(fitRow(row, 16)).toBe(row);
  });

  it('cuts to the width, ending in an ellipsis, keeping colours', () => {
    const fitted = fitRow(row, 6);
    expect(rowText(fitted)).toBe('● fro…');
    expect(fitted[0]).toEqual({ text: '● ', colorIndex: 0 });
  });

  it('gives nothing for no width', () => {
    expect(fitRow(row, 0)).toEqual([]);
  });
});
