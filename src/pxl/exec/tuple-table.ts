import { ensureCapacity } from '../functions/aggregates/grow.js';

const EMPTY = -1;
const INITIAL_SLOTS = 1024;

function mix(hash: number, id: number): number {
  return Math.imul(hash ^ id, 0x01000193);
}

function finish(hash: number): number {
  return hash ^ (hash >>> 15);
}

/**
 * Open-addressing hash table from tuples of key ids (one per key column) to dense group ids.
 * Each slot holds its tuple inline, then the group: a probe reads one place in memory, and
 * finding a row's group allocates nothing.
 */
export class TupleTable {
  /** Per slot: `arity` key ids, then the group (EMPTY when free). */
  private slots: Int32Array;
  private capacity = INITIAL_SLOTS;
  /** Group g's tuple at [g * arity, (g + 1) * arity). */
  private tuples = new Int32Array(0);
  size = 0;

  constructor(readonly arity: number) {
    this.slots = TupleTable.emptySlots(INITIAL_SLOTS, arity);
  }

  private static emptySlots(capacity: number, arity: number): Int32Array {
    const slots = new Int32Array(capacity * (arity + 1));
    for (let s = arity; s < slots.length; s += arity + 1) slots[s] = EMPTY;
    return slots;
  }

  /**
   * Sets out[i] to the group of (keyIds[0][i], keyIds[1][i], ...). With insert false a tuple
   * never seen gives -1, as does any -1 key id.
   */
  assign(keyIds: readonly Int32Array[], rows: number, out: Int32Array, insert: boolean): void {
    if (this.arity === 2) {
      this.assignPairs(keyIds[0] as Int32Array, keyIds[1] as Int32Array, rows, out, insert);
      return;
    }
    const tuple = new Int32Array(this.arity);
    for (let i = 0; i < rows; i++) {
      let absent = false;
      for (let k = 0; k < this.arity; k++) {
        const id = (keyIds[k] as Int32Array)[i] as number;
        tuple[k] = id;
        if (id < 0) absent = true;
      }
      out[i] = absent ? -1 : this.find(tuple, 0, insert);
    }
  }

  /** The key ids of column k for groups [0, size). */
  column(k: number): Int32Array {
    const out = new Int32Array(this.size);
    for (let g = 0; g < this.size; g++) out[g] = this.tuples[g * this.arity + k] as number;
    return out;
  }

  /** The common two-key case, unrolled: a group-by on (service, req_path). */
  private assignPairs(
    a: Int32Array,
    b: Int32Array,
    rows: number,
    out: Int32Array,
    insert: boolean,
  ): void {
    const pair = new Int32Array(2);
    for (let i = 0; i < rows; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      if (x < 0 || y < 0) {
        out[i] = -1;
        continue;
      }
      const slots = this.slots;
      const mask = this.capacity - 1;
      let slot = finish(mix(mix(0x811c9dc5, x), y)) & mask;
      let at = slot * 3;
      let group = slots[at + 2] as number;
      while (group !== EMPTY && (slots[at] !== x || slots[at + 1] !== y)) {
        slot = (slot + 1) & mask;
        at = slot * 3;
        group = slots[at + 2] as number;
      }
      if (group === EMPTY && insert) {
        pair[0] = x;
        pair[1] = y;
        group = this.insert(pair, 0, slot);
      }
      out[i] = group;
    }
  }

  private find(tuples: Int32Array, from: number, insert: boolean): number {
    const width = this.arity + 1;
    const mask = this.capacity - 1;
    for (let slot = this.hash(tuples, from) & mask; ; slot = (slot + 1) & mask) {
      const group = this.slots[slot * width + this.arity] as number;
      if (group === EMPTY) return insert ? this.insert(tuples, from, slot) : -1;
      if (this.matches(slot * width, tuples, from)) return group;
    }
  }

  private hash(tuples: Int32Array, from: number): number {
    let hash = 0x811c9dc5;
    for (let k = 0; k < this.arity; k++) hash = mix(hash, tuples[from + k] as number);
    return finish(hash);
  }

  private matches(at: number, tuples: Int32Array, from: number): boolean {
    for (let k = 0; k < this.arity; k++) if (this.slots[at + k] !== tuples[from + k]) return false;
    return true;
  }

  private insert(tuple: Int32Array, from: number, slot: number): number {
    const group = this.size++;
    const arity = this.arity;
    this.tuples = ensureCapacity(this.tuples, this.size * arity);
    const at = slot * (arity + 1);
    for (let k = 0; k < arity; k++) {
      const id = tuple[from + k] as number;
      this.tuples[group * arity + k] = id;
      this.slots[at + k] = id;
    }
    this.slots[at + arity] = group;
    if (this.size * 2 > this.capacity) this.rehash();
    return group;
  }

  private rehash(): void {
    const arity = this.arity;
    const width = arity + 1;
    this.capacity *= 2;
    this.slots = TupleTable.emptySlots(this.capacity, arity);
    const mask = this.capacity - 1;
    for (let group = 0; group < this.size; group++) {
      let slot = this.hash(this.tuples, group * arity) & mask;
      while ((this.slots[slot * width + arity] as number) !== EMPTY) slot = (slot + 1) & mask;
      for (let k = 0; k < arity; k++)
        this.slots[slot * width + k] = this.tuples[group * arity + k] as number;
      this.slots[slot * width + arity] = group;
    }
  }
}
