import { chars, textWidth } from './text-fit.js';

export type MapColor = 'red' | 'yellow' | 'green' | 'cyan' | 'gray';

export interface Style {
  readonly color?: MapColor;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

/** A run of text in one style; a row of the map is a list of these. */
export interface Segment extends Style {
  readonly text: string;
}

export type MapRow = readonly Segment[];

const UP = 1;
const RIGHT = 2;
const DOWN = 4;
const LEFT = 8;

/** Box-drawing glyph for the directions a line leaves a cell in (index = bit set). */
const GLYPHS = [' ', '│', '─', '└', '│', '│', '┌', '├', '─', '┘', '─', '┴', '┐', '┤', '┬', '┼'];

interface Cell {
  lines: number;
  text?: string;
  style: Style;
}

/**
 * A character grid for the map. Lines are kept as direction bits per cell, so a corner, a
 * crossing or a continuation comes out as the right glyph whatever order they are drawn in;
 * text written on a cell replaces its line.
 */
export class Canvas {
  private readonly cells: Cell[][];

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.cells = Array.from({ length: height }, () =>
      Array.from({ length: width }, () => ({ lines: 0, style: {} })),
    );
  }

  private cell(x: number, y: number): Cell | undefined {
    return this.cells[y]?.[x];
  }

  /** Writes text from (x, y) rightwards; characters past the edge are dropped. */
  text(x: number, y: number, text: string, style: Style = {}): void {
    chars(text).forEach((char, i) => {
      const cell = this.cell(x + i, y);
      if (cell === undefined) return;
      cell.text = char;
      cell.style = style;
    });
  }

  /** An orthogonal polyline through the given points (each step horizontal or vertical). */
  path(points: readonly (readonly [number, number])[], style: Style = {}): void {
    for (let i = 1; i < points.length; i++) {
      const [x0, y0] = points[i - 1] as readonly [number, number];
      const [x1, y1] = points[i] as readonly [number, number];
      const dx = Math.sign(x1 - x0);
      const dy = Math.sign(y1 - y0);
      const leave = dx > 0 ? RIGHT : dx < 0 ? LEFT : dy > 0 ? DOWN : UP;
      const enter = dx > 0 ? LEFT : dx < 0 ? RIGHT : dy > 0 ? UP : DOWN;
      for (let x = x0, y = y0; x !== x1 || y !== y1; x += dx, y += dy) {
        this.mark(x, y, leave, style);
        this.mark(x + dx, y + dy, enter, style);
      }
    }
  }

  private mark(x: number, y: number, bit: number, style: Style): void {
    const cell = this.cell(x, y);
    if (cell === undefined) return;
    cell.lines |= bit;
    if (cell.text === undefined) cell.style = style;
  }

  /** Rows as styled runs, trailing blanks dropped. */
  rows(): MapRow[] {
    return this.cells.map((cells) => {
      const row: Segment[] = [];
      let end = cells.length;
      while (end > 0 && glyph(cells[end - 1] as Cell) === ' ') end--;
      for (const cell of cells.slice(0, end)) {
        const char = glyph(cell);
        const style = char === ' ' ? {} : cell.style;
        const last = row[row.length - 1];
        // A blank shows no colour, so it joins the run before it (unless that run is inverted).
        const blank = char === ' ' && last?.inverse !== true;
        if (last !== undefined && (blank || sameStyle(last, style))) {
          row[row.length - 1] = { ...last, text: last.text + char };
        } else {
          row.push({ ...style, text: char });
        }
      }
      return row;
    });
  }
}

function glyph(cell: Cell): string {
  return cell.text ?? GLYPHS[cell.lines] ?? ' ';
}

function sameStyle(a: Style, b: Style): boolean {
  return a.color === b.color && a.bold === b.bold && a.inverse === b.inverse;
}

/** Total visible characters of a row. */
export function rowWidth(row: MapRow): number {
  return row.reduce((n, s) => n + textWidth(s.text), 0);
}
