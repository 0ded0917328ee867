import type { Vector } from '../../exec/vector.js';
import type { GroupStates } from '../types.js';
import { DDSketch } from './dd-sketch.js';
import { GroupValues } from './group-values.js';
import { numberLane, sameStates } from './numeric.js';

/**
 * Values kept exactly: up to 16M rows (128 MB) the quantiles are exact; past that every group
 * moves to a DDSketch (within 1%), so memory stays bounded whatever the input size.
 */
export const EXACT_ROWS = 1 << 24;

/** Quantile states for all groups of a group-by: exact values, or one sketch per group. */
export class QuantileStates implements GroupStates {
  /** `exactRows`: how many values to keep exactly before switching to sketches. */
  constructor(private readonly exactRows = EXACT_ROWS) {}

  private groupCount = 0;
  private exact: GroupValues | undefined = new GroupValues();
  private sketches: DDSketch[] = [];
  /** Levels the aggregates reading these states will ask for, computed in one pass. */
  private readonly wanted = new Set<number>();
  /** Results per level for all groups, until more values arrive. */
  private results: Map<number, Float64Array> | undefined;

  /** Declares levels that will be asked for, so one pass over the groups computes them all. */
  want(levels: readonly number[]): void {
    for (const q of levels) this.wanted.add(q);
  }

  /** The q-quantile of every group in [0, groupCount), with every wanted level alongside. */
  levels(q: number, groupCount: number): Float64Array {
    const cached = this.results?.get(q);
    if (cached !== undefined && cached.length === groupCount) return cached;
    this.want([q]);
    this.results = this.computeLevels([...this.wanted], groupCount);
    return this.results.get(q) ?? new Float64Array(groupCount).fill(NaN);
  }

  get isExact(): boolean {
    return this.exact !== undefined;
  }

  init(groupCount: number): void {
    this.groupCount = Math.max(this.groupCount, groupCount);
    this.exact?.init(groupCount);
    for (let g = this.sketches.length; this.exact === undefined && g < groupCount; g++) {
      this.sketches.push(new DDSketch());
    }
  }

  add(groupIds: Int32Array, input: Vector, rows: number): void {
    this.results = undefined;
    const lane = numberLane(input);
    const exact = this.exact;
    if (exact === undefined) {
      const sketches = this.sketches;
      for (let i = 0; i < rows; i++) {
        (sketches[groupIds[i] as number] as DDSketch).add(
          typeof lane === 'number' ? lane : (lane[i] as number),
        );
      }
      return;
    }
    exact.addAll(
      groupIds,
      typeof lane === 'number' ? new Float64Array(rows).fill(lane) : lane,
      rows,
    );
    if (exact.total > this.exactRows) this.toSketches();
  }

  merge(into: number, other: GroupStates, from: number): void {
    this.results = undefined;
    const source = sameStates(this, other);
    if (source.exact !== undefined) {
      const values = source.exact.ascending(from).slice();
      if (this.exact !== undefined)
        this.exact.addAll(new Int32Array(values.length).fill(into), values, values.length);
      else for (const v of values) (this.sketches[into] as DDSketch).add(v);
      if (this.exact !== undefined && this.exact.total > this.exactRows) this.toSketches();
      return;
    }
    this.toSketches();
    (this.sketches[into] as DDSketch).merge(source.sketches[from] as DDSketch);
  }

  /**
   * The q-quantile of group g, interpolated linearly between the ranks around q(n-1) as
   * DuckDB's quantile_cont and numpy do; NaN for a group without values.
   */
  quantile(g: number, q: number): number {
    if (this.exact === undefined) return (this.sketches[g] as DDSketch).quantile(q);
    return interpolate(this.exact.ascending(g), q);
  }

  private computeLevels(levels: readonly number[], groupCount: number): Map<number, Float64Array> {
    const out = levels.map(() => new Float64Array(groupCount));
    for (let g = 0; g < groupCount; g++) {
      if (this.exact === undefined) {
        const sketch = this.sketches[g];
        levels.forEach((q, k) => ((out[k] as Float64Array)[g] = sketch?.quantile(q) ?? NaN));
      } else {
        const values = this.exact.ascending(g);
        levels.forEach((q, k) => ((out[k] as Float64Array)[g] = interpolate(values, q)));
      }
    }
    return new Map(levels.map((q, k) => [q, out[k] as Float64Array]));
  }

  private toSketches(): void {
    const exact = this.exact;
    if (exact === undefined) return;
    this.exact = undefined;
    this.sketches = [];
    for (let g = 0; g < this.groupCount; g++) {
      const sketch = new DDSketch();
      for (const v of exact.ascending(g)) sketch.add(v);
      this.sketches.push(sketch);
    }
  }
}

/** The q-quantile of ascending values, interpolated between ranks; NaN when empty. */
function interpolate(values: Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return NaN;
  const rank = q * (n - 1);
  const low = Math.floor(rank);
  const below = values[low] as number;
  return low + 1 < n ? below + ((values[low + 1] as number) - below) * (rank - low) : below;
}
