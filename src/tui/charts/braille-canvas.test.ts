import { describe, expect, it } from 'vitest';
import { BrailleCanvas } from './braille-canvas.js';
import { rowText } from './segments.js';

describe('BrailleCanvas', () => {
  it('maps each of the 8 dots of a cell to its braille bit', () => {
    const expected = [
      ['⠁', '⠈'],
      ['⠂', '⠐'],
      ['⠄', '⠠'],
      ['⡀', '⢀'],
    ];
    expected.forEach((line, y) =>
      line.forEach((char, x) => {
        const canvas = new BrailleCanvas(1, 1);
        canvas.plot(x, y, 0);
        expect(rowText(canvas.toRows()[0] ?? [])).toBe(char);
      }),
    );
  });

  it('draws a straight line dot by dot across cells', () => {
    const canvas = new BrailleCanvas(2, 1);
    canvas.line(0, 0, 3, 3, 0);
    expect(canvas.toRows().map(rowText)).toEqual(['⠑⢄']);
  });

  it('draws a steep line one dot per row', () => {
    const canvas = new BrailleCanvas(1, 2);
    canvas.line(0, 0, 1, 7, 0);
    // y 0..3 at x 0 (rounded 0, 0.14, 0.29, 0.43), y 4..7 at x 1.
    expect(canvas.toRows().map(rowText)).toEqual(['⡇', '⢸']);
  });

  it('ignores dots outside the canvas', () => {
    const canvas = new BrailleCanvas(1, 1);
    canvas.plot(-1, 0, 0);
    canvas.plot(2, 0, 0);
    canvas.plot(0, 4, 0);
    expect(canvas.toRows()).toEqual([[{ text: ' ' }]]);
  });

  it('gives an overlapping cell the later colour and keeps both dots', () => {
    const canvas = new BrailleCanvas(1, 1);
    canvas.plot(0, 0, 0);
    canvas.plot(1, 3, 1);
    expect(canvas.toRows()).toEqual([[{ text: '⢁', colorIndex: 1 }]]);
  });

  it('merges neighbouring cells of one colour into one segment', () => {
    const canvas = new BrailleCanvas(5, 1);
    canvas.plot(0, 0, 0);
    canvas.plot(2, 0, 0);
    canvas.plot(8, 0, 2);
    expect(canvas.toRows()).toEqual([
      [{ text: '⠁⠁', colorIndex: 0 }, { text: '  ' }, { text: '⠁', colorIndex: 2 }],
    ]);
  });
});
