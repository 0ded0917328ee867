import { buildTimes } from '../functions/build.js';
import { ensureCapacity } from '../functions/aggregates/grow.js';
import type { DataType } from '../plan/types.js';
import type { NumberType, Vector } from './vector.js';

/**
 * Gives each distinct value of one key column a dense id (0, 1, 2, ...) and keeps the values
 * by id. Dictionary columns resolve each dictionary entry once per batch, so rows cost a
 * typed-array lookup; only new values touch a Map.
 */
export interface KeyColumn {
  readonly size: number;
  /** Writes each row's id to out[0..rows); with insert false, values never seen get -1. */
  encode(v: Vector, rows: number, out: Int32Array, insert: boolean): void;
  /** The values of ids[0..n) as a vector. */
  values(ids: Int32Array, n: number): Vector;
}

export function keyColumn(type: DataType): KeyColumn {
  switch (type) {
    case 'STRING':
      return new DictKeys<string>('string');
    case 'UINT128':
      return new DictKeys<bigint>('uint128');
    case 'TIME64NS':
      return new TimeKeys();
    case 'INT64':
    case 'FLOAT64':
    case 'BOOLEAN':
      return new NumberKeys(type);
  }
}

class DictKeys<T extends string | bigint> implements KeyColumn {
  private readonly ids = new Map<T, number>();
  private readonly keys: T[] = [];
  private memo = new Int32Array(0);
  constructor(private readonly kind: 'string' | 'uint128') {}

  get size(): number {
    return this.keys.length;
  }

  private idOf(value: T, insert: boolean): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      if (!insert) return -1;
      id = this.keys.length;
      this.keys.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  encode(v: Vector, rows: number, out: Int32Array, insert: boolean): void {
    if (v.kind !== 'string' && v.kind !== 'uint128')
      throw new TypeError('expected a dictionary vector');
    const dict = v.dict as readonly T[];
    const codes = v.codes;
    if (typeof codes === 'number') {
      out.fill(this.idOf(dict[codes] as T, insert), 0, rows);
      return;
    }
    // -2 marks "not resolved yet"; -1 is "absent" when not inserting.
    const memo = (this.memo = ensureCapacity(this.memo, dict.length));
    memo.fill(-2, 0, dict.length);
    for (let i = 0; i < rows; i++) {
      const code = codes[i] as number;
      let id = memo[code] as number;
      if (id === -2) {
        id = this.idOf(dict[code] as T, insert);
        memo[code] = id;
      }
      out[i] = id;
    }
  }

  values(ids: Int32Array, n: number): Vector {
    const codes = ids.subarray(0, n);
    return this.kind === 'string'
      ? { kind: 'string', codes, dict: this.keys as string[] }
      : { kind: 'uint128', codes, dict: this.keys as bigint[] };
  }
}

/** Integers 0..65535 (ports, statuses, booleans) skip the Map through a direct table. */
const DIRECT = 65536;

class NumberKeys implements KeyColumn {
  private readonly direct = new Int32Array(DIRECT).fill(-1);
  private readonly ids = new Map<number, number>();
  private keys = new Float64Array(16);
  size = 0;
  constructor(private readonly type: NumberType) {}

  private idOf(value: number, insert: boolean): number {
    const small = value >= 0 && value < DIRECT && (value | 0) === value;
    let id = small ? (this.direct[value] as number) : (this.ids.get(value) ?? -1);
    if (id < 0 && insert) {
      id = this.size++;
      this.keys = ensureCapacity(this.keys, this.size);
      this.keys[id] = value;
      if (small) this.direct[value] = id;
      else this.ids.set(value, id);
    }
    return id;
  }

  encode(v: Vector, rows: number, out: Int32Array, insert: boolean): void {
    if (v.kind !== 'number') throw new TypeError('expected a number vector');
    const lane = v.lane;
    if (typeof lane === 'number') {
      out.fill(this.idOf(lane, insert), 0, rows);
      return;
    }
    const direct = this.direct;
    for (let i = 0; i < rows; i++) {
      const value = lane[i] as number;
      const id =
        value >= 0 && value < DIRECT && (value | 0) === value ? (direct[value] as number) : -1;
      out[i] = id >= 0 ? id : this.idOf(value, insert);
    }
  }

  values(ids: Int32Array, n: number): Vector {
    const lane = this.type === 'BOOLEAN' ? new Uint8Array(n) : new Float64Array(n);
    for (let g = 0; g < n; g++) lane[g] = this.keys[ids[g] as number] as number;
    return { kind: 'number', type: this.type, lane };
  }
}

/** Exact times as bigint keys; within a batch, offsets are resolved once each. */
class TimeKeys implements KeyColumn {
  private readonly ids = new Map<bigint, number>();
  private readonly keys: bigint[] = [];

  get size(): number {
    return this.keys.length;
  }

  encode(v: Vector, rows: number, out: Int32Array, insert: boolean): void {
    if (v.kind !== 'time') throw new TypeError('expected a time vector');
    const local = new Map<number, number>();
    const lane = v.lane;
    for (let i = 0; i < rows; i++) {
      const offset = typeof lane === 'number' ? lane : (lane[i] as number);
      let id = local.get(offset);
      if (id === undefined) {
        const value = v.baseNs + BigInt(offset);
        id = this.ids.get(value) ?? -1;
        if (id < 0 && insert) {
          id = this.keys.length;
          this.keys.push(value);
          this.ids.set(value, id);
        }
        local.set(offset, id);
      }
      out[i] = id;
    }
  }

  values(ids: Int32Array, n: number): Vector {
    return buildTimes(n, (g) => this.keys[ids[g] as number] as bigint);
  }
}
