import type { SemanticType } from '../../../store/index.js';
import { numbers, type Vector } from '../../exec/vector.js';
import type { AggregateFunction, BoundAggregate, GroupStates } from '../types.js';
import { ensureCapacity } from './grow.js';

/** Semantic types mean/min/max keep from their input (Pixie's inference rules). */
export const UNIT_SEMANTICS = new Set<SemanticType>([
  'ST_BYTES',
  'ST_DURATION_NS',
  'ST_PERCENT',
  'ST_THROUGHPUT_PER_NS',
  'ST_THROUGHPUT_BYTES_PER_NS',
]);

export function keepUnit(semantic: SemanticType, kept: ReadonlySet<SemanticType> = UNIT_SEMANTICS) {
  return kept.has(semantic) ? semantic : 'ST_NONE';
}

export function numberLane(v: Vector) {
  if (v.kind !== 'number') throw new TypeError(`expected a number vector, got ${v.kind}`);
  return v.lane;
}

/** `states` as the class that made them (a bound aggregate only sees its own states). */
export function statesAs<T extends GroupStates>(
  states: GroupStates,
  kind: abstract new (...args: never[]) => T,
): T {
  if (!(states instanceof kind)) throw new TypeError(`expected ${kind.name}`);
  return states;
}

export function sameStates<T extends GroupStates>(into: T, other: GroupStates): T {
  if (other.constructor !== into.constructor)
    throw new TypeError('merging states of different aggregates');
  return other as T;
}

/** Counts and sums per group: the state of count, sum and mean. */
export class SumStates implements GroupStates {
  sums = new Float64Array(0);
  counts = new Float64Array(0);

  init(groupCount: number): void {
    this.sums = ensureCapacity(this.sums, groupCount);
    this.counts = ensureCapacity(this.counts, groupCount);
  }

  add(groupIds: Int32Array, input: Vector, rows: number): void {
    const { sums, counts } = this;
    const lane = numberLane(input);
    if (typeof lane === 'number') {
      for (let i = 0; i < rows; i++) {
        const g = groupIds[i] as number;
        sums[g] = (sums[g] as number) + lane;
        counts[g] = (counts[g] as number) + 1;
      }
      return;
    }
    for (let i = 0; i < rows; i++) {
      const g = groupIds[i] as number;
      sums[g] = (sums[g] as number) + (lane[i] as number);
      counts[g] = (counts[g] as number) + 1;
    }
  }

  merge(into: number, other: GroupStates, from: number): void {
    const o = sameStates(this, other);
    this.sums[into] = (this.sums[into] as number) + (o.sums[from] as number);
    this.counts[into] = (this.counts[into] as number) + (o.counts[from] as number);
  }
}

/** count(x) counts rows whatever x holds, so it adds no input. */
class CountStates extends SumStates {
  override add(groupIds: Int32Array, _input: Vector, rows: number): void {
    const counts = this.counts;
    for (let i = 0; i < rows; i++) {
      const g = groupIds[i] as number;
      counts[g] = (counts[g] as number) + 1;
    }
  }
}

export const count: AggregateFunction = {
  name: 'count',
  summary: 'count: the number of rows in the group.',
  bind: (): BoundAggregate => ({
    type: 'INT64',
    semantic: 'ST_NONE',
    stateKey: 'count',
    createStates: () => new CountStates(),
    finalize: (states, n) => numbers('INT64', statesAs(states, SumStates).counts.slice(0, n)),
  }),
};

const SUM_SEMANTICS = new Set<SemanticType>([
  'ST_BYTES',
  'ST_PERCENT',
  'ST_THROUGHPUT_PER_NS',
  'ST_THROUGHPUT_BYTES_PER_NS',
]);

export const sum: AggregateFunction = {
  name: 'sum',
  summary: 'sum: the sum of the values (booleans count as 0 and 1).',
  bind(input): BoundAggregate | string {
    if (!isNumber(input.type)) return `px.sum takes numbers, got ${input.type}`;
    const type = input.type === 'FLOAT64' ? 'FLOAT64' : 'INT64';
    return {
      type,
      semantic: keepUnit(input.semantic, SUM_SEMANTICS),
      stateKey: 'sum',
      createStates: () => new SumStates(),
      finalize: (states, n) => numbers(type, statesAs(states, SumStates).sums.slice(0, n)),
    };
  },
};

export const mean: AggregateFunction = {
  name: 'mean',
  summary: 'mean: the arithmetic mean (of booleans: the fraction that are true).',
  bind(input): BoundAggregate | string {
    if (!isNumber(input.type)) return `px.mean takes numbers, got ${input.type}`;
    return {
      type: 'FLOAT64',
      semantic: keepUnit(input.semantic),
      stateKey: 'sum',
      createStates: () => new SumStates(),
      finalize: (states, n) => {
        const { sums, counts } = statesAs(states, SumStates);
        const out = new Float64Array(n);
        for (let g = 0; g < n; g++) out[g] = (sums[g] as number) / (counts[g] as number);
        return numbers('FLOAT64', out);
      },
    };
  },
};

export function isNumber(type: string): boolean {
  return type === 'INT64' || type === 'FLOAT64' || type === 'BOOLEAN';
}
