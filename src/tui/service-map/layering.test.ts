import { describe, expect, it } from 'vitest';
import { assignLayers } from './layering.js';

const links = (pairs: readonly [number, number][]) => pairs.map(([from, to]) => ({ from, to }));

describe('assignLayers', () => {
  it('puts a chain in successive layers', () => {
    const result = assignLayers(
      3,
      links([
        [0, 1],
        [1, 2],
      ]),
    );
    expect(result.layerOf).toEqual([0, 1, 2]);
    expect(result.layerCount).toBe(3);
    expect(result.reversed.size).toBe(0);
  });

  it('puts both sides of a diamond in the middle layer', () => {
    expect(
      assignLayers(
        4,
        links([
          [0, 1],
          [0, 2],
          [1, 3],
          [2, 3],
        ]),
      ).layerOf,
    ).toEqual([0, 1, 1, 2]);
  });

  it('layers by the longest path, so a shortcut spans two layers', () => {
    expect(
      assignLayers(
        3,
        links([
          [0, 2],
          [0, 1],
          [1, 2],
        ]),
      ).layerOf,
    ).toEqual([0, 1, 2]);
  });

  it('breaks a cycle by reversing one edge, the same way every time', () => {
    const edges = links([
      [0, 1],
      [1, 2],
      [2, 0],
    ]);
    const result = assignLayers(3, edges);
    expect([...result.reversed]).toEqual([2]);
    expect(result.layerOf).toEqual([0, 1, 2]);
    expect(assignLayers(3, edges)).toEqual(result);
  });

  it('starts the cycle break from a node nothing calls', () => {
    // 3 calls into the cycle 1 → 2 → 1; the edge back to 1 is the one reversed.
    const result = assignLayers(
      4,
      links([
        [1, 2],
        [2, 1],
        [3, 1],
      ]),
    );
    expect([...result.reversed]).toEqual([1]);
    expect(result.layerOf).toEqual([0, 1, 2, 0]);
  });

  it('ignores self-loops and leaves isolated nodes in layer 0', () => {
    const result = assignLayers(
      3,
      links([
        [0, 0],
        [0, 1],
      ]),
    );
    expect(result.layerOf).toEqual([0, 1, 0]);
    expect(result.reversed.size).toBe(0);
  });

  it('handles the empty graph', () => {
    expect(assignLayers(0, [])).toEqual({ layerOf: [], reversed: new Set(), layerCount: 0 });
  });
});
