import { describe, expect, it } from 'vitest';
import { countCrossings, orderLayers } from './ordering.js';

describe('ordering', () => {
  it('counts crossings between neighbouring layers', () => {
    const spans = [
      { upper: 0, lower: 3 },
      { upper: 1, lower: 2 },
    ];
    expect(
      countCrossings(
        [
          [0, 1],
          [2, 3],
        ],
        spans,
      ),
    ).toBe(0 + 1);
    expect(
      countCrossings(
        [
          [0, 1],
          [3, 2],
        ],
        spans,
      ),
    ).toBe(0);
  });

  it('untangles two layers by barycentre', () => {
    // 0→5, 1→4, 2→3: fully reversed at first.
    const spans = [
      { upper: 0, lower: 5 },
      { upper: 1, lower: 4 },
      { upper: 2, lower: 3 },
    ];
    const layers = [
      [0, 1, 2],
      [3, 4, 5],
    ];
    expect(countCrossings(layers, spans)).toBe(3);
    const ordered = orderLayers(layers, spans);
    expect(countCrossings(ordered, spans)).toBe(0);
    expect(ordered[0]).toEqual([0, 1, 2]);
    expect(ordered[1]).toEqual([5, 4, 3]);
  });

  it('never returns an order with more crossings than it was given', () => {
    // K2,2 has one unavoidable crossing.
    const spans = [
      { upper: 0, lower: 2 },
      { upper: 0, lower: 3 },
      { upper: 1, lower: 2 },
      { upper: 1, lower: 3 },
    ];
    const ordered = orderLayers(
      [
        [0, 1],
        [2, 3],
      ],
      spans,
    );
    expect(countCrossings(ordered, spans)).toBe(1);
    expect(ordered.flat().sort()).toEqual([0, 1, 2, 3]);
  });
});
