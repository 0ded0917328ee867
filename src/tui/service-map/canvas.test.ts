import { describe, expect, it } from 'vitest';
import { Canvas, rowWidth } from './canvas.js';

const texts = (canvas: Canvas): string[] => canvas.rows().map((r) => r.map((s) => s.text).join(''));

describe('Canvas', () => {
  it('joins line directions into corners and crossings', () => {
    const canvas = new Canvas(5, 3);
    canvas.path([
      [0, 0],
      [2, 0],
      [2, 2],
      [4, 2],
    ]);
    canvas.path([
      [0, 1],
      [4, 1],
    ]);
    expect(texts(canvas)).toEqual(['──┐', '──┼──', '  └──']);
  });

  it('lets text replace lines and drops what falls outside', () => {
    const canvas = new Canvas(4, 1);
    canvas.path([
      [0, 0],
      [3, 0],
    ]);
    canvas.text(1, 0, 'abcdef');
    canvas.text(-1, 5, 'x');
    expect(texts(canvas)).toEqual(['─abc']);
  });

  it('groups cells into styled runs and trims trailing blanks', () => {
    const canvas = new Canvas(8, 1);
    canvas.text(0, 0, 'ab', { color: 'red' });
    canvas.text(3, 0, 'cd');
    const [row] = canvas.rows();
    expect(row).toEqual([{ color: 'red', text: 'ab ' }, { text: 'cd' }]);
    expect(rowWidth(row ?? [])).toBe(5);
  });
});
