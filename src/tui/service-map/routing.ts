/**
 * Orthogonal routing of the edges in the gap between two layers. An edge leaves its source on
 * row `ys` and enters its target on row `yt`; if those differ it turns down or up on a vertical
 * track. Tracks are numbered left to right inside the gap.
 *
 * Two horizontals may never share a cell, and they only could on a row that is one edge's
 * source row and another's target row: the first must then turn on a track left of the second.
 * Each row has one source and one target, so these constraints form chains and simple cycles.
 * One edge of each cycle becomes a dogleg: it turns on the leftmost tracks, crosses the gap on
 * a row no port uses, and turns again on the rightmost tracks, which frees it of constraints.
 */
export interface GapLink {
  readonly ys: number;
  readonly yt: number;
}

export type Route =
  | { readonly kind: 'straight' }
  | { readonly kind: 'bend'; readonly track: number }
  | {
      readonly kind: 'dogleg';
      readonly trackA: number;
      readonly trackB: number;
      readonly row: number;
    };

export interface GapRouting {
  readonly routes: readonly Route[];
  readonly trackCount: number;
  /** One past the lowest row a dogleg uses (0 when there are none). */
  readonly rowsUsed: number;
}

interface Constraints {
  /** Bent links that must turn left of `before.get(i)` (the link ending on i's source row). */
  readonly before: ReadonlyMap<number, number>;
  readonly bends: readonly number[];
  readonly doglegs: readonly number[];
}

/** The "turns left of" constraints among bent links, with one link per cycle made a dogleg. */
function constraints(links: readonly GapLink[]): Constraints {
  const bent = links.flatMap((l, i) => (l.ys === l.yt ? [] : [i]));
  const endingOn = new Map(bent.map((i) => [(links[i] as GapLink).yt, i]));
  const before = new Map<number, number>();
  for (const i of bent) {
    const j = endingOn.get((links[i] as GapLink).ys);
    if (j !== undefined) before.set(i, j);
  }
  const doglegs: number[] = [];
  const seen = new Set<number>();
  for (const start of bent) {
    const path = new Set<number>();
    let i: number | undefined = start;
    while (i !== undefined && !seen.has(i) && !path.has(i)) {
      path.add(i);
      i = before.get(i);
    }
    if (i !== undefined && path.has(i)) {
      doglegs.push(i);
      before.delete(i);
      for (const [k, v] of before) if (v === i) before.delete(k);
    }
    for (const p of path) seen.add(p);
  }
  const bends = bent.filter((i) => !doglegs.includes(i));
  return { before, bends, doglegs };
}

const within = (row: number, link: GapLink): boolean =>
  row >= Math.min(link.ys, link.yt) && row <= Math.max(link.ys, link.yt);

/** Whether two links' vertical runs would share a row. */
const overlap = (a: GapLink, b: GapLink): boolean =>
  Math.min(a.ys, a.yt) <= Math.max(b.ys, b.yt) && Math.min(b.ys, b.yt) <= Math.max(a.ys, a.yt);

/** Crossings when `a` turns left of `b` (b's source row meets a's vertical, a's target row b's). */
function crossingsIfLeft(a: GapLink, b: GapLink): number {
  return Number(within(b.ys, a)) + Number(within(a.yt, b));
}

/**
 * Track order: among the links free of pending constraints, the one that crosses the others
 * least when placed left of them goes next.
 */
function trackOrder(links: readonly GapLink[], c: Constraints): number[] {
  // leftOf.get(j): the link that must turn left of j, so is placed first.
  const leftOf = new Map([...c.before].map(([i, j]) => [j, i]));
  const order: number[] = [];
  const pending = new Set(c.bends);
  const cost = (i: number): number =>
    [...pending].reduce(
      (sum, j) => (j === i ? sum : sum + crossingsIfLeft(links[i] as GapLink, links[j] as GapLink)),
      0,
    );
  while (pending.size > 0) {
    const ready = [...pending].filter((j) => !pending.has(leftOf.get(j) ?? -1));
    const scored = ready.map((i) => ({ i, cost: cost(i) }));
    const best = scored.reduce((a, b) => (b.cost < a.cost ? b : a));
    order.push(best.i);
    pending.delete(best.i);
  }
  return order;
}

/** The row nearest both ends of a dogleg that no port (and no other dogleg) uses. */
function freeRow(link: GapLink, taken: ReadonlySet<number>): number {
  let best = -1;
  let bestCost = Infinity;
  const limit = Math.max(...taken) + 2;
  for (let row = 0; row <= limit; row++) {
    const cost = Math.abs(row - link.ys) + Math.abs(row - link.yt);
    if (!taken.has(row) && cost < bestCost) {
      best = row;
      bestCost = cost;
    }
  }
  return best;
}

export function routeGap(links: readonly GapLink[]): GapRouting {
  const c = constraints(links);
  const routes: Route[] = links.map(() => ({ kind: 'straight' }));
  const first = c.doglegs.length;
  // A link turns right of every earlier one whose vertical it would overlap and of the one
  // constrained to turn left of it; links whose verticals never meet share a track.
  const track = new Map<number, number>();
  for (const i of trackOrder(links, c)) {
    const link = links[i] as GapLink;
    let t = 0;
    for (const [j, tj] of track) {
      if (overlap(link, links[j] as GapLink) || c.before.get(j) === i) t = Math.max(t, tj + 1);
    }
    track.set(i, t);
    routes[i] = { kind: 'bend', track: first + t };
  }
  const bendTracks = track.size === 0 ? 0 : Math.max(...track.values()) + 1;
  const taken = new Set(links.flatMap((l) => [l.ys, l.yt]));
  let rowsUsed = 0;
  c.doglegs.forEach((i, d) => {
    const row = freeRow(links[i] as GapLink, taken);
    taken.add(row);
    rowsUsed = Math.max(rowsUsed, row + 1);
    routes[i] = { kind: 'dogleg', trackA: d, trackB: first + bendTracks + d, row };
  });
  return { routes, trackCount: bendTracks + 2 * c.doglegs.length, rowsUsed };
}
