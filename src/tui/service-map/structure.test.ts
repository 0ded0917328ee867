import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Route } from './routing.js';
import type { MapStructure, Piece } from './structure.js';
import { buildStructures } from './structure.js';

type Run = { readonly line: number; readonly from: number; readonly to: number };

/**
 * Horizontal runs (row, track span) and vertical runs (track, row span) of one piece, with the
 * gap's source side at track -1 and its target side at track `end`.
 */
function runs(piece: Piece, route: Route, end: number): { h: Run[]; v: Run[] } {
  const span = (a: number, b: number) => ({ from: Math.min(a, b), to: Math.max(a, b) });
  switch (route.kind) {
    case 'straight':
      return { h: [{ line: piece.ys, from: -1, to: end }], v: [] };
    case 'bend':
      return {
        h: [
          { line: piece.ys, from: -1, to: route.track },
          { line: piece.yt, from: route.track, to: end },
        ],
        v: [{ line: route.track, ...span(piece.ys, piece.yt) }],
      };
    case 'dogleg':
      return {
        h: [
          { line: piece.ys, from: -1, to: route.trackA },
          { line: route.row, from: route.trackA, to: route.trackB },
          { line: piece.yt, from: route.trackB, to: end },
        ],
        v: [
          { line: route.trackA, ...span(piece.ys, route.row) },
          { line: route.trackB, ...span(route.row, piece.yt) },
        ],
      };
  }
}

const clash = (a: Run, b: Run): boolean => a.line === b.line && a.from <= b.to && b.from <= a.to;

function expectNoSharedLines(s: MapStructure): void {
  for (const gap of s.gaps) {
    const all = gap.pieces.map((p, i) =>
      runs(p, gap.routing.routes[i] ?? { kind: 'straight' }, gap.routing.trackCount),
    );
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i], all[j]];
        if (a === undefined || b === undefined) continue;
        for (const x of a.h) for (const y of b.h) expect(clash(x, y)).toBe(false);
        for (const x of a.v) for (const y of b.v) expect(clash(x, y)).toBe(false);
      }
    }
  }
}

function expectItemsApart(s: MapStructure): void {
  for (let layer = 0; layer < s.layerCount; layer++) {
    const items = s.items.filter((it) => it.layer === layer).sort((a, b) => a.y - b.y);
    items.slice(1).forEach((item, i) => {
      const above = items[i];
      if (above !== undefined) expect(item.y).toBeGreaterThan(above.y + above.height);
    });
  }
}

describe('buildStructures', () => {
  it('adds one dummy row per layer an edge skips', () => {
    const [aligned] = buildStructures(3, [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
      { from: 0, to: 2 },
    ]);
    const dummies = aligned?.items.filter((it) => it.node === undefined) ?? [];
    expect(dummies).toHaveLength(1);
    expect(dummies[0]?.layer).toBe(1);
    expect(dummies[0]?.height).toBe(1);
  });

  it('aligns a chain on one row; stacking never makes it taller', () => {
    const chain = [
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ];
    const [aligned, stacked] = buildStructures(3, chain);
    expect(aligned?.items.map((it) => it.y)).toEqual([0, 0, 0]);
    expect(aligned?.gaps.flatMap((g) => g.routing.routes)).toEqual([
      { kind: 'straight' },
      { kind: 'straight' },
    ]);
    expect(stacked?.height).toBeLessThanOrEqual(aligned?.height ?? 0);
  });

  it('never lets two edges share a line, and never overlaps boxes, for random graphs', () => {
    const graph = fc.integer({ min: 1, max: 14 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        links: fc.array(fc.record({ from: fc.nat({ max: n - 1 }), to: fc.nat({ max: n - 1 }) }), {
          maxLength: 30,
        }),
      }),
    );
    fc.assert(
      fc.property(graph, ({ n, links }) => {
        for (const s of buildStructures(n, links)) {
          expectNoSharedLines(s);
          expectItemsApart(s);
        }
      }),
      { numRuns: 300 },
    );
  });
});
