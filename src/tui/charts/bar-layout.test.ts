import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Bar, BarData } from './bar-data.js';
import { barLines, layoutBars, noticeRows, pickBars } from './bar-layout.js';
import { rowText } from './segments.js';

const DURATION = { type: 'FLOAT64', semantic: 'ST_DURATION_NS' } as const;
const bar = (label: string, ...parts: number[]): Bar => ({
  label,
  parts,
  total: parts.reduce((a, b) => a + b, 0),
});
const latency: BarData = {
  bars: [bar('cart', 12e6), bar('checkout', 4e6), bar('web', 8e6)],
  stacks: [],
  column: DURATION,
};
const lines = (data: BarData, heading: string, width: number, height: number): string[] =>
  layoutBars(data, heading, width, height).map(rowText);

describe('layoutBars', () => {
  it('draws one bar per label with values in the column units, aligned right', () => {
    expect(lines(latency, 'Latency', 30, 4)).toEqual([
      'Latency',
      `cart     ${'█'.repeat(15)} 12 ms`,
      `checkout ${'█'.repeat(5)}${' '.repeat(11)} 4 ms`,
      `web      ${'█'.repeat(10)}${' '.repeat(6)} 8 ms`,
    ]);
  });

  it('colours unsplit bars with the first palette colour and leaves the rest plain', () => {
    const [row] = layoutBars(latency, '', 30, 3);
    expect(row).toEqual([
      { text: 'cart     ' },
      { text: '█'.repeat(15), colorIndex: 0 },
      { text: ' 12 ms' },
    ]);
  });

  it('shows only the largest bar when one line is all it has', () => {
    expect(lines(latency, 'Latency', 30, 1)).toEqual([`cart ${'█'.repeat(19)} 12 ms`]);
  });

  it('keeps the largest bars in data order and counts the others', () => {
    const data: BarData = {
      bars: [bar('a', 1), bar('b', 5), bar('c', 3), bar('d', 4), bar('e', 2)],
      stacks: [],
      column: DURATION,
    };
    const rows = lines(data, 'Top', 20, 4);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => r.split(' ')[0])).toEqual(['b', 'd', '+3']);
    expect(rows[3]).toBe('+3 more');
  });

  it('adds a legend of stack colours under stacked bars', () => {
    const data: BarData = {
      bars: [bar('web', 1, 3), bar('db', 2, 0)],
      stacks: ['GET', 'POST'],
      column: { type: 'INT64', semantic: 'ST_NONE' },
    };
    const rows = layoutBars(data, '', 14, 3);
    // 14 cells: "web" and a space, 8 for bars, a space and the value.
    expect(rows.map(rowText)).toEqual(['web ████████ 4', 'db  ████     2', '● GET  ● POST']);
    expect(rows[0]).toEqual([
      { text: 'web ' },
      { text: '██', colorIndex: 0 },
      { text: '██████', colorIndex: 1 },
      { text: ' 4' },
    ]);
    expect(rows[2]?.filter((s) => s.colorIndex !== undefined)).toEqual([
      { text: '●', colorIndex: 0 },
      { text: '●', colorIndex: 1 },
    ]);
  });

  it('cuts long labels to leave the bars room', () => {
    const data: BarData = {
      bars: [bar('a-very-long-service-name', 2), bar('b', 1)],
      stacks: [],
      column: DURATION,
    };
    const [first] = lines(data, '', 30, 2);
    // 30 cells: 4 for "2 ns", 2 spaces, labels half of the other 24, bars the rest.
    expect(first).toBe(`a-very-long… ${'█'.repeat(12)} 2 ns`);
  });

  it('shows labels and values only when there is no room for bars', () => {
    expect(lines(latency, '', 8, 3)).toEqual(['cart 12…', 'checkou…', 'web 8 ms']);
  });

  it('says "no data yet" without bars', () => {
    const empty: BarData = { bars: [], stacks: [], column: DURATION };
    expect(lines(empty, 'Latency', 30, 5)).toEqual(['Latency', 'no data yet']);
    expect(lines(empty, 'Latency', 30, 1)).toEqual(['no data yet']);
  });

  it('draws no bar for negative totals but still shows the value', () => {
    const data: BarData = { bars: [bar('up', 2), bar('down', -2)], stacks: [], column: DURATION };
    expect(lines(data, '', 20, 2)[1]).toBe(`down${' '.repeat(11)}-2 ns`);
  });

  it('never draws more lines than its height or cells than its width', () => {
    const barArb = fc.record({
      label: fc.string({ maxLength: 30 }),
      parts: fc.array(fc.double({ min: -1e9, max: 1e12, noNaN: true }), {
        minLength: 1,
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(
        fc.array(barArb, { maxLength: 30 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 12 }),
        (raw, stacked, width, height) => {
          const bars = raw.map(({ label, parts }) => bar(label, ...parts));
          const data: BarData = { bars, stacks: stacked ? ['x', 'y', 'z'] : [], column: DURATION };
          const rows = layoutBars(data, 'Heading', width, height);
          expect(rows.length).toBeLessThanOrEqual(height);
          for (const row of rows)
            expect(Array.from(rowText(row)).length).toBeLessThanOrEqual(width);
        },
      ),
    );
  });
});

describe('pickBars', () => {
  it('keeps everything that fits', () => {
    const bars = [bar('a', 1), bar('b', 2)];
    expect(pickBars(bars, 2)).toEqual({ shown: bars, hidden: 0 });
  });

  it('keeps the single largest when only one line is left', () => {
    const bars = [bar('a', 1), bar('b', 2), bar('c', 2)];
    expect(pickBars(bars, 1)).toEqual({ shown: [bars[1]], hidden: 2 });
  });
});

describe('barLines and noticeRows', () => {
  it('leaves the lines under the heading and legend to bars', () => {
    expect(barLines('Title', false, 10)).toBe(9);
    expect(barLines('', false, 10)).toBe(10);
    expect(barLines('Title', true, 10)).toBe(8);
    expect(barLines('Title', true, 2)).toBe(1);
    expect(barLines('Title', false, 1)).toBe(1);
    expect(barLines('Title', false, 0)).toBe(0);
  });

  it('fits a notice in its bounds', () => {
    expect(noticeRows('no spec', 4, 3).map(rowText)).toEqual(['no …']);
    expect(noticeRows('no spec', 4, 0)).toEqual([]);
  });
});
