import { describe, expect, it } from 'vitest';
import { routeGap } from './routing.js';

describe('routeGap', () => {
  it('draws edges between equal rows straight, without tracks', () => {
    expect(routeGap([{ ys: 1, yt: 1 }])).toEqual({
      routes: [{ kind: 'straight' }],
      trackCount: 0,
      rowsUsed: 0,
    });
  });

  it('shares a track between bends whose vertical runs do not meet', () => {
    const routing = routeGap([
      { ys: 1, yt: 3 },
      { ys: 6, yt: 9 },
    ]);
    expect(routing.routes).toEqual([
      { kind: 'bend', track: 0 },
      { kind: 'bend', track: 0 },
    ]);
    expect(routing.trackCount).toBe(1);
  });

  it('orders tracks so parallel edges do not cross', () => {
    // Both go down; the lower one turning first (left) keeps them apart, and going up the
    // higher one does.
    const down = routeGap([
      { ys: 7, yt: 13 },
      { ys: 11, yt: 17 },
    ]).routes;
    expect(down).toEqual([
      { kind: 'bend', track: 1 },
      { kind: 'bend', track: 0 },
    ]);
    const up = routeGap([
      { ys: 13, yt: 7 },
      { ys: 17, yt: 11 },
    ]).routes;
    expect(up).toEqual([
      { kind: 'bend', track: 0 },
      { kind: 'bend', track: 1 },
    ]);
  });

  it('turns an edge left of the edge that ends on its source row', () => {
    // Edge 0 leaves row 5, where edge 1 arrives: edge 0 must turn first.
    const routing = routeGap([
      { ys: 5, yt: 1 },
      { ys: 9, yt: 5 },
    ]);
    const [first, second] = routing.routes;
    expect(first?.kind === 'bend' && second?.kind === 'bend').toBe(true);
    if (first?.kind === 'bend' && second?.kind === 'bend') {
      expect(first.track).toBeLessThan(second.track);
    }
  });

  it('routes one of two swapping edges as a dogleg through a row no port uses', () => {
    const routing = routeGap([
      { ys: 2, yt: 6 },
      { ys: 6, yt: 2 },
    ]);
    const dogleg = routing.routes.find((r) => r.kind === 'dogleg');
    const bend = routing.routes.find((r) => r.kind === 'bend');
    expect(dogleg).toBeDefined();
    expect(bend).toBeDefined();
    if (dogleg?.kind === 'dogleg' && bend?.kind === 'bend') {
      expect([2, 6]).not.toContain(dogleg.row);
      expect(dogleg.row).toBeGreaterThan(2);
      expect(dogleg.row).toBeLessThan(6);
      expect(dogleg.trackA).toBeLessThan(bend.track);
      expect(dogleg.trackB).toBeGreaterThan(bend.track);
    }
    expect(routing.trackCount).toBe(3);
  });
});
