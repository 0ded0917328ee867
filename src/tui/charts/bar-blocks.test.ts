import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barBlocks } from './bar-blocks.js';
import { rowText } from './segments.js';

const EIGHTHS: Readonly<Record<string, number>> = {
  '▏': 1,
  '▎': 2,
  '▍': 3,
  '▌': 4,
  '▋': 5,
  '▊': 6,
  '▉': 7,
  '█': 8,
};
const eighthsOf = (text: string): number =>
  Array.from(text).reduce((sum, ch) => sum + (EIGHTHS[ch] ?? 0), 0);

describe('barBlocks', () => {
  it('scales the largest value to the full width', () => {
    expect(barBlocks([10], 10, 3)).toEqual([{ text: '███', colorIndex: 0 }]);
    expect(barBlocks([5], 10, 4)).toEqual([{ text: '██', colorIndex: 0 }]);
  });

  it('ends a bar in eighths of a cell', () => {
    expect(rowText(barBlocks([1], 8, 1))).toBe('▏');
    expect(rowText(barBlocks([3], 8, 1))).toBe('▍');
    expect(rowText(barBlocks([7], 8, 1))).toBe('▉');
    // 13/16 of two cells: 13 eighths, one full cell and five eighths.
    expect(rowText(barBlocks([13], 16, 2))).toBe('█▋');
  });

  it('colours each part of a stacked bar in turn', () => {
    expect(barBlocks([2, 2], 4, 4)).toEqual([
      { text: '██', colorIndex: 0 },
      { text: '██', colorIndex: 1 },
    ]);
  });

  it('gives a cell two parts share to the part covering its middle', () => {
    // Ends at 5 and 9 eighths: cell 0 (middle 4) is part 0, the last eighth is part 1.
    expect(barBlocks([1.25, 1], 4, 2)).toEqual([
      { text: '█', colorIndex: 0 },
      { text: '▏', colorIndex: 1 },
    ]);
  });

  it('draws nothing for negative, NaN or empty parts and keeps colours by position', () => {
    expect(barBlocks([-3, Number.NaN, 4], 4, 2)).toEqual([{ text: '██', colorIndex: 2 }]);
    expect(barBlocks([0], 4, 2)).toEqual([]);
    expect(barBlocks([-1], 4, 2)).toEqual([]);
  });

  it('draws nothing without a positive maximum or room', () => {
    expect(barBlocks([1], 0, 4)).toEqual([]);
    expect(barBlocks([1], Number.NaN, 4)).toEqual([]);
    expect(barBlocks([1], 1, 0)).toEqual([]);
  });

  it('never draws past its columns, even for values above the maximum', () => {
    expect(rowText(barBlocks([30], 10, 3))).toBe('███');
  });

  it('draws value / max of the width, to the nearest eighth, within the columns', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 60 }),
        (share, columns) => {
          const text = rowText(barBlocks([share], 1, columns));
          expect(Array.from(text).length).toBeLessThanOrEqual(columns);
          expect(eighthsOf(text)).toBe(Math.round(share * columns * 8));
        },
      ),
    );
  });
});
