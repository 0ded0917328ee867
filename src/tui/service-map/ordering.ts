/** A link between an item in one layer (upper) and an item in the next layer (lower). */
export interface Span {
  readonly upper: number;
  readonly lower: number;
}

type Layers = readonly (readonly number[])[];

function positions(layers: Layers): Map<number, number> {
  const pos = new Map<number, number>();
  for (const layer of layers) {
    layer.forEach((item, i) => {
      pos.set(item, i);
    });
  }
  return pos;
}

/** Pairs of spans that cross between neighbouring layers. */
export function countCrossings(layers: Layers, spans: readonly Span[]): number {
  const pos = positions(layers);
  const at = (item: number): number => pos.get(item) ?? 0;
  const layerOf = new Map<number, number>();
  layers.forEach((layer, l) => {
    for (const item of layer) layerOf.set(item, l);
  });
  let crossings = 0;
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i] as Span;
      const b = spans[j] as Span;
      if (layerOf.get(a.upper) !== layerOf.get(b.upper)) continue;
      if ((at(a.upper) - at(b.upper)) * (at(a.lower) - at(b.lower)) < 0) crossings++;
    }
  }
  return crossings;
}

/** Sorts one layer by the mean position of each item's neighbours; loners keep their place. */
function sortByBarycentre(
  layer: readonly number[],
  neighbours: ReadonlyMap<number, readonly number[]>,
  pos: ReadonlyMap<number, number>,
): number[] {
  const keyed = layer.map((item, i) => {
    const near = neighbours.get(item) ?? [];
    const sum = near.reduce((s, n) => s + (pos.get(n) ?? 0), 0);
    return { item, key: near.length === 0 ? i : sum / near.length, i };
  });
  keyed.sort((a, b) => a.key - b.key || a.i - b.i);
  return keyed.map((k) => k.item);
}

function neighbourMaps(spans: readonly Span[]): {
  above: Map<number, number[]>;
  below: Map<number, number[]>;
} {
  const above = new Map<number, number[]>();
  const below = new Map<number, number[]>();
  for (const { upper, lower } of spans) {
    above.set(lower, [...(above.get(lower) ?? []), upper]);
    below.set(upper, [...(below.get(upper) ?? []), lower]);
  }
  return { above, below };
}

/**
 * Crossing reduction: barycentre sweeps left-to-right and back, keeping the order with the
 * fewest crossings seen (the first one on ties, so results are stable).
 */
export function orderLayers(layers: Layers, spans: readonly Span[], rounds = 3): number[][] {
  const { above, below } = neighbourMaps(spans);
  const current = layers.map((layer) => [...layer]);
  let best = layers.map((layer) => [...layer]);
  let bestCrossings = countCrossings(current, spans);
  const consider = (): void => {
    const crossings = countCrossings(current, spans);
    if (crossings < bestCrossings) {
      best = current.map((layer) => [...layer]);
      bestCrossings = crossings;
    }
  };
  for (let round = 0; round < rounds && bestCrossings > 0; round++) {
    for (let l = 1; l < current.length; l++) {
      current[l] = sortByBarycentre(current[l] ?? [], above, positions(current));
    }
    consider();
    for (let l = current.length - 2; l >= 0; l--) {
      current[l] = sortByBarycentre(current[l] ?? [], below, positions(current));
    }
    consider();
  }
  return best;
}
