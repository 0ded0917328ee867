import type { ChartRow, Segment } from './segments.js';

const BRAILLE_BLANK = 0x2800;
/** Bit of each dot in a braille cell, by [dot row][dot column] (Unicode's dot numbering). */
const DOT_BITS = [
  [0x01, 0x08],
  [0x02, 0x10],
  [0x04, 0x20],
  [0x40, 0x80],
] as const;
const NO_COLOR = -1;

/**
 * A grid of braille cells, each 2 dots wide and 4 high, so a terminal cell shows 8 pixels.
 * Dot (0, 0) is the top-left. A cell takes the colour of the last series that drew in it,
 * while its dots accumulate, so crossing lines stay visible.
 */
export class BrailleCanvas {
  readonly dotWidth: number;
  readonly dotHeight: number;
  private readonly bits: Uint8Array;
  private readonly colors: Int16Array;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.dotWidth = columns * 2;
    this.dotHeight = rows * 4;
    this.bits = new Uint8Array(columns * rows);
    this.colors = new Int16Array(columns * rows).fill(NO_COLOR);
  }

  /** Sets one dot; dots outside the canvas are ignored. */
  plot(x: number, y: number, colorIndex: number): void {
    const dx = Math.round(x);
    const dy = Math.round(y);
    if (dx < 0 || dy < 0 || dx >= this.dotWidth || dy >= this.dotHeight) return;
    const cell = Math.floor(dy / 4) * this.columns + Math.floor(dx / 2);
    this.bits[cell] = (this.bits[cell] ?? 0) | (DOT_BITS[dy % 4]?.[dx % 2] ?? 0);
    this.colors[cell] = colorIndex;
  }

  /** A straight line between two dots, one dot per step along the longer axis. */
  line(x0: number, y0: number, x1: number, y1: number, colorIndex: number): void {
    const steps = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
    for (let i = 0; i <= steps; i++) {
      this.plot(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, colorIndex);
    }
  }

  /** One row per cell row; neighbouring cells of one colour share a segment, empty cells are spaces. */
  toRows(): ChartRow[] {
    const out: ChartRow[] = [];
    for (let r = 0; r < this.rows; r++) {
      const row: Segment[] = [];
      let text = '';
      let color = NO_COLOR;
      for (let c = 0; c < this.columns; c++) {
        const cell = r * this.columns + c;
        const bits = this.bits[cell] ?? 0;
        const cellColor = bits === 0 ? NO_COLOR : (this.colors[cell] ?? NO_COLOR);
        if (cellColor !== color && text !== '') {
          row.push(segment(text, color));
          text = '';
        }
        color = cellColor;
        text += bits === 0 ? ' ' : String.fromCharCode(BRAILLE_BLANK + bits);
      }
      if (text !== '') row.push(segment(text, color));
      out.push(row);
    }
    return out;
  }
}

function segment(text: string, color: number): Segment {
  return color === NO_COLOR ? { text } : { text, colorIndex: color };
}
