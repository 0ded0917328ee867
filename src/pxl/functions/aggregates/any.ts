import { valueAt, type Vector } from '../../exec/vector.js';
import type { DataType, ScalarValue } from '../../plan/types.js';
import { buildVector } from '../build.js';
import type { AggregateFunction, BoundAggregate, GroupStates } from '../types.js';
import { ensureCapacity } from './grow.js';
import { sameStates, statesAs } from './numeric.js';

/** The first value each group sees; only that row is read. */
class AnyStates implements GroupStates {
  values: (ScalarValue | undefined)[] = [];
  private seen = new Uint8Array(0);

  init(groupCount: number): void {
    this.seen = ensureCapacity(this.seen, groupCount);
  }

  add(groupIds: Int32Array, input: Vector, rows: number): void {
    const seen = this.seen;
    for (let i = 0; i < rows; i++) {
      const g = groupIds[i] as number;
      if (seen[g] === 0) {
        seen[g] = 1;
        this.values[g] = valueAt(input, i);
      }
    }
  }

  merge(into: number, other: GroupStates, from: number): void {
    const value = sameStates(this, other).values[from];
    if (this.seen[into] === 0 && value !== undefined) {
      this.seen[into] = 1;
      this.values[into] = value;
    }
  }
}

const ZERO: Record<DataType, ScalarValue> = {
  INT64: NaN,
  FLOAT64: NaN,
  BOOLEAN: false,
  STRING: '',
  TIME64NS: 0n,
  UINT128: 0n,
};

export const any: AggregateFunction = {
  name: 'any',
  summary: 'any: one value of the group (the first seen).',
  bind: (input): BoundAggregate => ({
    type: input.type,
    semantic: input.semantic,
    stateKey: 'any',
    createStates: () => new AnyStates(),
    finalize: (states, n) => {
      const values = statesAs(states, AnyStates).values;
      return buildVector(input.type, n, (g) => values[g] ?? ZERO[input.type]);
    },
  }),
};
