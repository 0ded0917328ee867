/** A directed edge between node indices. */
export interface Link {
  readonly from: number;
  readonly to: number;
}

export interface Layering {
  /** Layer of each node, 0 = leftmost. */
  readonly layerOf: readonly number[];
  /** Indices of edges that closed a cycle: laid out (and drawn) right-to-left. */
  readonly reversed: ReadonlySet<number>;
  readonly layerCount: number;
}

/**
 * Depth-first search marks back edges; reversing them leaves a DAG. Roots are tried in a fixed
 * order (nodes nothing calls first, then by index), so the same graph always breaks the same way.
 */
function backEdges(nodeCount: number, edges: readonly Link[]): Set<number> {
  const outgoing: number[][] = Array.from({ length: nodeCount }, () => []);
  const hasCaller = new Array<boolean>(nodeCount).fill(false);
  edges.forEach((e, i) => {
    if (e.from === e.to) return;
    outgoing[e.from]?.push(i);
    hasCaller[e.to] = true;
  });
  const state = new Array<'new' | 'open' | 'done'>(nodeCount).fill('new');
  const reversed = new Set<number>();
  // Recursion depth is bounded by the node count, which the layout caps at a few dozen.
  const visit = (node: number): void => {
    state[node] = 'open';
    for (const i of outgoing[node] ?? []) {
      const next = (edges[i] as Link).to;
      if (state[next] === 'open') reversed.add(i);
      else if (state[next] === 'new') visit(next);
    }
    state[node] = 'done';
  };
  const roots = [...Array(nodeCount).keys()].sort(
    (a, b) => Number(hasCaller[a]) - Number(hasCaller[b]) || a - b,
  );
  for (const root of roots) if (state[root] === 'new') visit(root);
  return reversed;
}

/**
 * Longest-path layering from the sources: every node sits one layer right of its furthest
 * caller, so calls flow left to right. Self-loops take no part.
 */
export function assignLayers(nodeCount: number, edges: readonly Link[]): Layering {
  const reversed = backEdges(nodeCount, edges);
  const successors: number[][] = Array.from({ length: nodeCount }, () => []);
  const indegree = new Array<number>(nodeCount).fill(0);
  edges.forEach((e, i) => {
    if (e.from === e.to) return;
    const [from, to] = reversed.has(i) ? [e.to, e.from] : [e.from, e.to];
    successors[from]?.push(to);
    indegree[to] = (indegree[to] ?? 0) + 1;
  });
  const layerOf = new Array<number>(nodeCount).fill(0);
  const ready = [...Array(nodeCount).keys()].filter((n) => indegree[n] === 0);
  for (let next = ready.shift(); next !== undefined; next = ready.shift()) {
    for (const to of successors[next] ?? []) {
      layerOf[to] = Math.max(layerOf[to] ?? 0, (layerOf[next] ?? 0) + 1);
      indegree[to] = (indegree[to] ?? 0) - 1;
      if (indegree[to] === 0) ready.push(to);
    }
  }
  const layerCount = nodeCount === 0 ? 0 : Math.max(...layerOf) + 1;
  return { layerOf, reversed, layerCount };
}
