import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MapRow } from './canvas.js';
import { rowWidth } from './canvas.js';
import type { MapEdge, MapLayout } from './layout.js';
import { layoutServiceMap, MAX_MAP_NODES } from './layout.js';

const edges = (list: readonly (readonly [number, number, string?])[]): MapEdge[] =>
  list.map(([from, to, label]) => ({ from, to, label: label ?? '', style: {} }));
const texts = (rows: readonly MapRow[]): string[] => rows.map((r) => r.map((s) => s.text).join(''));
const arrowheads = (layout: MapLayout): number =>
  texts(layout.rows)
    .join('')
    .split('')
    .filter((c) => c === '▶' || c === '◀').length;

/** Every row within bounds: the property the TUI relies on. */
function expectWithin(layout: MapLayout, width: number, height: number): void {
  expect(layout.rows.length).toBeLessThanOrEqual(height);
  for (const row of layout.rows) expect(rowWidth(row)).toBeLessThanOrEqual(width);
}

describe('layoutServiceMap', () => {
  it('draws a chain left to right with labels on the edges', () => {
    const layout = layoutServiceMap(
      ['a', 'b', 'c'],
      edges([
        [0, 1, '12 /sec 3.00%'],
        [1, 2, '4 /sec'],
      ]),
      60,
      10,
    );
    expect(layout.fits).toBe(true);
    expect(layout.labels).toBe('inline');
    expect(texts(layout.rows)).toEqual([
      '┌───┐                  ┌───┐           ┌───┐',
      '│ a ├─ 12 /sec 3.00% ─▶┤ b ├─ 4 /sec ─▶┤ c │',
      '└───┘                  └───┘           └───┘',
    ]);
  });

  it('draws a diamond with both branches in the middle layer', () => {
    const layout = layoutServiceMap(
      ['a', 'b', 'c', 'd'],
      edges([
        [0, 1, '1'],
        [0, 2, '2'],
        [1, 3, '3'],
        [2, 3, '4'],
      ]),
      60,
      10,
    );
    expect(texts(layout.rows)).toEqual([
      '┌───┐       ┌───┐       ┌───┐',
      '│ a ├─ 1 ──▶┤ b ├─ 3 ──▶┤ d │',
      '│   ├─ 2 ─┐ └───┘     ┌▶┤   │',
      '└───┘     │           │ └───┘',
      '          │ ┌───┐     │',
      '          └▶┤ c ├─ 4 ─┘',
      '            └───┘',
    ]);
  });

  it('draws the edge closing a cycle backwards with a left arrow, and self-loops in the legend', () => {
    const layout = layoutServiceMap(
      ['a', 'b', 'c'],
      edges([
        [0, 1, '1'],
        [1, 2, '2'],
        [2, 0, 'back'],
        [1, 1, 'loop'],
      ]),
      60,
      12,
    );
    const lines = texts(layout.rows);
    expect(lines[2]).toContain('├◀ back ─');
    expect(arrowheads(layout)).toBe(3);
    expect(lines.at(-1)).toBe('b ↺ loop');
    expect(lines.at(-2)).toBe('');
  });

  it('routes crossing edges without merging them', () => {
    const layout = layoutServiceMap(
      ['x', 'y', 'p', 'q'],
      edges([
        [0, 2],
        [0, 3],
        [1, 2],
        [1, 3],
      ]),
      40,
      12,
    );
    expect(layout.fits).toBe(true);
    expect(arrowheads(layout)).toBe(4);
    expect(texts(layout.rows).join('\n')).toContain('┼');
  });

  it('switches to number tags and a legend when labels do not fit the width', () => {
    const list = edges([
      [0, 1, '1.23 /sec 12.00% 1.5 s'],
      [1, 2, '0.5 /sec 0.00% 3 ms'],
    ]);
    const layout = layoutServiceMap(['frontend', 'cart', 'db'], list, 40, 10);
    expect(layout.fits).toBe(true);
    expect(layout.labels).toBe('tags');
    const lines = texts(layout.rows);
    expect(lines[1]).toBe('│ frontend ├─1─▶┤ cart ├─2─▶┤ db │');
    expect(lines.slice(-2)).toEqual([
      '1 frontend → cart 1.23 /sec 12.00% 1.5 s',
      '2 cart → db 0.5 /sec 0.00% 3 ms',
    ]);
    expectWithin(layout, 40, 10);
  });

  it('cuts long names before giving up', () => {
    const name = 'a-really-long-service-name-that-goes-on';
    const layout = layoutServiceMap([name, 'db'], edges([[0, 1, '1 /sec']]), 36, 6);
    expect(layout.fits).toBe(true);
    expect(texts(layout.rows)[1]).toMatch(/^│ a-really-long-s… ├/);
  });

  it('keeps edge styles on lines, labels and arrowheads', () => {
    const layout = layoutServiceMap(
      ['a', 'b'],
      [{ from: 0, to: 1, label: 'x', style: { color: 'red' } }],
      30,
      5,
    );
    const red = layout.rows.flatMap((r) => r.filter((s) => s.color === 'red').map((s) => s.text));
    expect(red.join('')).toBe('─ x ─▶');
  });

  it('reports it does not fit past MAX_MAP_NODES, or when the space is too small', () => {
    const many = Array.from({ length: MAX_MAP_NODES + 1 }, (_, i) => `s${i}`);
    expect(layoutServiceMap(many, edges([[0, 1]]), 1000, 1000)).toEqual({ fits: false, rows: [] });
    expect(layoutServiceMap(['a', 'b'], edges([[0, 1]]), 5, 5).fits).toBe(false);
    expect(layoutServiceMap(['a', 'b'], edges([[0, 1]]), 40, 2).fits).toBe(false);
    expect(layoutServiceMap(['a', 'b'], edges([[0, 1]]), 0, 0).fits).toBe(false);
  });

  it('draws 30 services when there is room and falls back when there is not', () => {
    // Five call chains of six services each.
    const names = Array.from({ length: 30 }, (_, i) => `svc-${i}`);
    const list = edges(
      names.flatMap((_, i): [number, number, string][] =>
        i % 6 === 5 ? [] : [[i, i + 1, `${i} /sec`]],
      ),
    );
    const roomy = layoutServiceMap(names, list, 200, 40);
    expect(roomy.fits).toBe(true);
    expect(arrowheads(roomy)).toBe(25);
    expectWithin(roomy, 200, 40);
    expect(layoutServiceMap(names, list, 80, 24).fits).toBe(false);
  });

  it('stays within width × height and draws every edge for random graphs', () => {
    const graph = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        links: fc.array(
          fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 }), fc.string({ maxLength: 20 })),
          { maxLength: 24 },
        ),
        width: fc.integer({ min: 1, max: 160 }),
        height: fc.integer({ min: 1, max: 60 }),
      }),
    );
    fc.assert(
      fc.property(graph, ({ n, links, width, height }) => {
        const names = Array.from({ length: n }, (_, i) => `n${i}`);
        const layout = layoutServiceMap(names, edges(links), width, height);
        expectWithin(layout, width, height);
        if (!layout.fits) return;
        const drawn = links.filter(([from, to]) => from !== to).length;
        expect(arrowheads(layout)).toBe(drawn);
        const all = texts(layout.rows).join('\n');
        for (const name of names) expect(all).toMatch(new RegExp(`[│┤] ${name} +[│├]`));
      }),
      { numRuns: 300 },
    );
  });
});
