import { numbers, type Vector } from '../../exec/vector.js';
import { buildTimes } from '../build.js';
import type { AggregateFunction, BoundAggregate, GroupStates } from '../types.js';
import { ensureCapacity } from './grow.js';
import { isNumber, keepUnit, numberLane, sameStates, statesAs } from './numeric.js';

/** min and max of numbers: NaN until a group sees a value; NaN inputs are skipped. */
class NumberExtremes implements GroupStates {
  values = new Float64Array(0);
  constructor(readonly max: boolean) {}

  init(groupCount: number): void {
    this.values = ensureCapacity(this.values, groupCount, NaN);
  }

  add(groupIds: Int32Array, input: Vector, rows: number): void {
    const values = this.values;
    const lane = numberLane(input);
    if (this.max) {
      for (let i = 0; i < rows; i++) {
        const g = groupIds[i] as number;
        const v = typeof lane === 'number' ? lane : (lane[i] as number);
        const current = values[g] as number;
        if (v > current || current !== current) values[g] = v;
      }
    } else {
      for (let i = 0; i < rows; i++) {
        const g = groupIds[i] as number;
        const v = typeof lane === 'number' ? lane : (lane[i] as number);
        const current = values[g] as number;
        if (v < current || current !== current) values[g] = v;
      }
    }
  }

  merge(into: number, other: GroupStates, from: number): void {
    const v = sameStates(this, other).values[from] as number;
    const current = this.values[into] as number;
    if ((this.max ? v > current : v < current) || current !== current) this.values[into] = v;
  }
}

/**
 * min and max of times, exactly. Within a batch all offsets share one base, so the batch's
 * extreme per group is found with numbers; only that one value per group becomes a bigint.
 */
class TimeExtremes implements GroupStates {
  values = new BigInt64Array(0);
  seen = new Uint8Array(0);
  private stamp = new Int32Array(0);
  private local = new Float64Array(0);
  private batch = 0;
  constructor(readonly max: boolean) {}

  init(groupCount: number): void {
    this.values = ensureCapacity(this.values, groupCount);
    this.seen = ensureCapacity(this.seen, groupCount);
    this.stamp = ensureCapacity(this.stamp, groupCount);
    this.local = ensureCapacity(this.local, groupCount);
  }

  add(groupIds: Int32Array, input: Vector, rows: number): void {
    if (input.kind !== 'time') throw new TypeError('expected a time vector');
    const { stamp, local, max } = this;
    const batch = ++this.batch;
    const lane = input.lane;
    const touched: number[] = [];
    for (let i = 0; i < rows; i++) {
      const g = groupIds[i] as number;
      const offset = typeof lane === 'number' ? lane : (lane[i] as number);
      if (stamp[g] !== batch) {
        stamp[g] = batch;
        local[g] = offset;
        touched.push(g);
      } else if (max ? offset > (local[g] as number) : offset < (local[g] as number)) {
        local[g] = offset;
      }
    }
    for (const g of touched) this.offer(g, input.baseNs + BigInt(local[g] as number));
  }

  merge(into: number, other: GroupStates, from: number): void {
    const o = sameStates(this, other);
    if (o.seen[from] === 1) this.offer(into, o.values[from] as bigint);
  }

  private offer(g: number, value: bigint): void {
    const current = this.values[g] as bigint;
    if (this.seen[g] === 0 || (this.max ? value > current : value < current)) {
      this.values[g] = value;
      this.seen[g] = 1;
    }
  }
}

function extreme(max: boolean): AggregateFunction {
  const name = max ? 'max' : 'min';
  return {
    name,
    summary: `${name}: the ${max ? 'largest' : 'smallest'} value in the group.`,
    bind(input): BoundAggregate | string {
      if (input.type === 'TIME64NS') {
        return {
          type: 'TIME64NS',
          semantic: input.semantic,
          stateKey: name,
          createStates: () => new TimeExtremes(max),
          finalize: (states, n) => {
            const values = statesAs(states, TimeExtremes).values;
            return buildTimes(n, (g) => values[g] as bigint);
          },
        };
      }
      if (!isNumber(input.type)) return `px.${name} takes numbers or times, got ${input.type}`;
      const type = input.type as 'INT64' | 'FLOAT64' | 'BOOLEAN';
      return {
        type,
        semantic: keepUnit(input.semantic),
        stateKey: name,
        createStates: () => new NumberExtremes(max),
        finalize: (states, n) => numbers(type, statesAs(states, NumberExtremes).values.slice(0, n)),
      };
    },
  };
}

export const min = extreme(false);
export const max = extreme(true);
