import type { Segment } from './segments.js';

/** Left-aligned blocks from one to seven eighths of a cell wide; index = eighths. */
const PARTIAL_BLOCKS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;
const FULL_BLOCK = '█';

/**
 * A bar of `parts` laid end to end (part i in colour index i), scaled so that `max` fills
 * `columns` cells, in eighths of a cell. A cell has one colour, so where two parts meet inside
 * a cell the cell goes to the part covering its middle; only the bar's end keeps eighth
 * precision. Negative and non-finite parts draw nothing.
 */
export function barBlocks(parts: readonly number[], max: number, columns: number): Segment[] {
  if (!(max > 0) || columns < 1) return [];
  const scale = (columns * 8) / max;
  const ends: number[] = [];
  let sum = 0;
  for (const part of parts) {
    if (Number.isFinite(part) && part > 0) sum += part;
    ends.push(Math.round(Math.min(sum * scale, columns * 8)));
  }
  const total = ends[ends.length - 1] ?? 0;
  const fullCells = Math.floor(total / 8);
  const partial = total % 8;
  const cells: { char: string; colorIndex: number }[] = [];
  for (let c = 0; c < fullCells; c++) {
    cells.push({ char: FULL_BLOCK, colorIndex: partAt(ends, c * 8 + 4) });
  }
  if (partial > 0) {
    cells.push({
      char: PARTIAL_BLOCKS[partial] ?? '',
      colorIndex: partAt(ends, fullCells * 8 + partial / 2),
    });
  }
  return mergeCells(cells);
}

/** The part whose span [previous end, end) holds the position, in eighths. */
function partAt(ends: readonly number[], eighth: number): number {
  const index = ends.findIndex((end) => end > eighth);
  return index < 0 ? ends.length - 1 : index;
}

function mergeCells(cells: readonly { char: string; colorIndex: number }[]): Segment[] {
  const segments: Segment[] = [];
  for (const cell of cells) {
    const last = segments[segments.length - 1];
    if (last?.colorIndex === cell.colorIndex) {
      segments[segments.length - 1] = { text: last.text + cell.char, colorIndex: cell.colorIndex };
    } else segments.push({ text: cell.char, colorIndex: cell.colorIndex });
  }
  return segments;
}
