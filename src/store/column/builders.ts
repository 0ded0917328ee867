import type { ColumnType } from '../schema/types.js';
import type { ColumnChunk } from './column-chunk.js';
import { narrowCodes, narrowLane } from './lane.js';

/** What a batch may carry for one column; see RowBatch. */
export type ColumnInput =
  ArrayLike<number> | ArrayLike<bigint> | ArrayLike<string> | ArrayLike<boolean>;

/** Rough heap cost of one dictionary entry beyond its characters (V8 string header, slots). */
const STRING_OVERHEAD_BYTES = 24;
const UPID_ENTRY_BYTES = 40;
/** Offsets beyond this from the chunk base would lose nanoseconds in a float64. */
const MAX_TIME_OFFSET = 2 ** 52;
/** Whether a 64-bit integer's low 32-bit half comes first in memory. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Fills one column of the chunk being appended to. Builders own preallocated arrays that are
 * never resized or reused once handed out, so a snapshot of the open chunk stays valid while
 * appends continue past its row count.
 */
export interface ColumnBuilder {
  /**
   * Writes input[from, from + count) at row `at`; returns how many rows were taken (fewer only
   * for a time column whose values no longer fit this chunk).
   */
  append(input: ColumnInput, from: number, count: number, at: number): number;
  /** The first `rowCount` rows as they are, without copying. */
  view(rowCount: number): ColumnChunk;
  /** The first `rowCount` rows in their compact form. */
  seal(rowCount: number): ColumnChunk;
  /** Bytes held by typed arrays (allocated capacity). */
  readonly arrayBytes: number;
  /** Approximate bytes held by dictionary entries (string payloads). */
  readonly payloadBytes: number;
}

class NumberBuilder implements ColumnBuilder {
  private readonly values: Float64Array;
  readonly payloadBytes = 0;
  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }
  get arrayBytes(): number {
    return this.values.byteLength;
  }
  append(input: ColumnInput, from: number, count: number, at: number): number {
    // BatchBuilder hands number columns over as Float64Arrays: copy those natively.
    if (input instanceof Float64Array) {
      this.values.set(input.subarray(from, from + count), at);
      return count;
    }
    const src = input as ArrayLike<number | boolean>;
    for (let i = 0; i < count; i++) this.values[at + i] = Number(src[from + i]);
    return count;
  }
  view(rowCount: number): ColumnChunk {
    return { kind: 'number', lane: this.values.subarray(0, rowCount) };
  }
  seal(rowCount: number): ColumnChunk {
    return { kind: 'number', lane: narrowLane(this.values, rowCount) };
  }
}

class TimeBuilder implements ColumnBuilder {
  private readonly offsets: Float64Array;
  private baseNs: bigint | undefined;
  readonly payloadBytes = 0;
  constructor(capacity: number) {
    this.offsets = new Float64Array(capacity);
  }
  get arrayBytes(): number {
    return this.offsets.byteLength;
  }
  append(input: ColumnInput, from: number, count: number, at: number): number {
    const src = input as ArrayLike<bigint>;
    const base = (this.baseNs ??= src[from] as bigint);
    if (input instanceof BigInt64Array && LITTLE_ENDIAN) {
      return this.appendWords(input, base, from, count, at);
    }
    for (let i = 0; i < count; i++) {
      const offset = Number((src[from + i] as bigint) - base);
      if (Math.abs(offset) > MAX_TIME_OFFSET) return i;
      this.offsets[at + i] = offset;
    }
    return count;
  }
  /**
   * The same for times in a BigInt64Array (as BatchBuilder makes them), read as 32-bit halves:
   * a bigint per row, made by reading an element and again by subtracting, cost more than
   * the rest of the store's work on the column. The difference of the halves is exact
   * wherever it is within MAX_TIME_OFFSET.
   */
  private appendWords(
    input: BigInt64Array,
    base: bigint,
    from: number,
    count: number,
    at: number,
  ): number {
    const high = new Int32Array(input.buffer, input.byteOffset, input.length * 2);
    const low = new Uint32Array(input.buffer, input.byteOffset, input.length * 2);
    const baseHigh = Number(BigInt.asIntN(32, base >> 32n));
    const baseLow = Number(BigInt.asUintN(32, base));
    for (let i = 0; i < count; i++) {
      const word = 2 * (from + i);
      const offset =
        ((high[word + 1] as number) - baseHigh) * 2 ** 32 + ((low[word] as number) - baseLow);
      if (Math.abs(offset) > MAX_TIME_OFFSET) return i;
      this.offsets[at + i] = offset;
    }
    return count;
  }
  view(rowCount: number): ColumnChunk {
    return { kind: 'time', baseNs: this.baseNs ?? 0n, lane: this.offsets.subarray(0, rowCount) };
  }
  seal(rowCount: number): ColumnChunk {
    return { kind: 'time', baseNs: this.baseNs ?? 0n, lane: narrowLane(this.offsets, rowCount) };
  }
}

/**
 * Rows a chunk's dictionary column probes before it decides how to deduplicate. Hashing a
 * value costs a pass over a string the parser has just built, and a Map entry: it pays only
 * where values come back after more than a few rows.
 */
const DEDUP_PROBE_ROWS = 1024;
/**
 * Past the probe, a column where fewer than this share of rows repeated an earlier value
 * appends values as they come (DNS headers carry the query id). The dictionary may then hold
 * equal values under several codes: readers map codes to values and never take two codes to
 * mean two values.
 */
const DEDUP_MIN_REPEATS = 0.25;
/**
 * Past the probe, a column where fewer than this share of its hash lookups found a value keeps
 * only the values that repeated during the probe: SQL text with its parameters repeats as
 * BEGIN and COMMIT, while the statements between them are nearly all distinct.
 */
const HASH_MIN_HITS = 0.05;
/**
 * Values that repeated, remembered with their codes. Rows often cycle through a few values (a
 * transaction's BEGIN, UPDATE, SELECT, COMMIT): comparing with those costs less than hashing.
 * Only a value found by hashing enters, so values seen once never push these out.
 */
const RECENT = 8;

/** How a dictionary column finds a value's code: see the constants above ('probe' hashes). */
type Dedup = 'probe' | 'hash' | 'recent' | 'none';

class DictBuilder<T extends string | bigint> implements ColumnBuilder {
  private readonly codes: Uint32Array;
  private readonly dict: T[] = [];
  private dedup: Dedup = 'probe';
  /** Value → code while `dedup` is 'probe' or 'hash'. */
  private index: Map<T, number> | undefined = new Map<T, number>();
  /** Index lookups during the probe (values found among the recent ones need none). */
  private indexLookups = 0;
  /** Lookups that found the value. */
  private indexHits = 0;
  private readonly recentValues = new Array<T | undefined>(RECENT).fill(undefined);
  private readonly recentCodes = new Uint32Array(RECENT);
  private recentNext = 0;
  payloadBytes = 0;
  constructor(
    capacity: number,
    private readonly entryBytes: (value: T) => number,
  ) {
    this.codes = new Uint32Array(capacity);
  }
  get arrayBytes(): number {
    return this.codes.byteLength;
  }
  append(input: ColumnInput, from: number, count: number, at: number): number {
    const src = input as ArrayLike<T>;
    if (this.dedup === 'none') return this.appendAll(src, from, count, at);
    for (let i = 0; i < count; i++) this.codes[at + i] = this.recentCodeOf(src[from + i] as T);
    const rows = at + count;
    if (this.dedup === 'probe' && rows >= DEDUP_PROBE_ROWS) this.decide(rows);
    return count;
  }
  private decide(rows: number): void {
    if (1 - this.dict.length / rows < DEDUP_MIN_REPEATS) this.dedup = 'none';
    else if (this.indexHits < this.indexLookups * HASH_MIN_HITS) this.dedup = 'recent';
    else this.dedup = 'hash';
    if (this.dedup !== 'hash') this.index = undefined;
  }
  /**
   * Without deduplication every value gets its own entry, unread: even comparing with the
   * previous row would flatten strings the parsers built by concatenation.
   */
  private appendAll(src: ArrayLike<T>, from: number, count: number, at: number): number {
    for (let i = 0; i < count; i++) {
      const value = src[from + i] as T;
      this.codes[at + i] = this.dict.push(value) - 1;
      this.payloadBytes += this.entryBytes(value);
    }
    return count;
  }
  private recentCodeOf(value: T): number {
    const values = this.recentValues;
    for (let i = 0; i < RECENT; i++) {
      if (values[i] === value) return this.recentCodes[i] as number;
    }
    this.indexLookups++;
    const known = this.index?.get(value);
    if (known === undefined) return this.add(value);
    this.indexHits++;
    values[this.recentNext] = value;
    this.recentCodes[this.recentNext] = known;
    this.recentNext = (this.recentNext + 1) % RECENT;
    return known;
  }
  private add(value: T): number {
    const code = this.dict.length;
    this.dict.push(value);
    this.index?.set(value, code);
    this.payloadBytes += this.entryBytes(value);
    return code;
  }
  view(rowCount: number): ColumnChunk {
    // The dictionary only grows; rows below rowCount never refer to later entries.
    return {
      kind: 'dict',
      codes: this.codes.subarray(0, rowCount),
      dict: this.dict,
    } as ColumnChunk;
  }
  seal(rowCount: number): ColumnChunk {
    return {
      kind: 'dict',
      // Each entry was added by one of the rows, so the codes are exactly 0 .. dict.length - 1.
      codes: narrowCodes(this.codes, rowCount, this.dict.length),
      dict: this.dict,
    } as ColumnChunk;
  }
}

export function createColumnBuilder(type: ColumnType, capacity: number): ColumnBuilder {
  switch (type) {
    case 'TIME64NS':
      return new TimeBuilder(capacity);
    case 'INT64':
    case 'FLOAT64':
    case 'BOOLEAN':
      return new NumberBuilder(capacity);
    case 'STRING':
      return new DictBuilder<string>(capacity, (s) => s.length + STRING_OVERHEAD_BYTES);
    case 'UINT128':
      return new DictBuilder<bigint>(capacity, () => UPID_ENTRY_BYTES);
  }
}
