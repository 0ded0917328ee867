import type { QuestionSection } from './question-sections.js';

/**
 * What the table needs of a waiting query: its key (the transaction id and the first
 * question's type), a link for the chain it is in, and its neighbours in arrival order.
 */
export interface Waiting<T> {
  readonly txid: number;
  readonly questions: QuestionSection;
  next: T | undefined;
  older: T | undefined;
  newer: T | undefined;
}

/** Buckets to start with, and how many queries a bucket holds on average before they double. */
const INITIAL_BUCKETS = 8;
const LOAD = 2;

/**
 * Waiting queries, by key for finding the query a reply answers, and by age for timeouts. By
 * key: a hash table of chains in arrival order, so the first match along a chain is the
 * oldest. Not a Map: the typical socket has one query waiting at a time, so each reply would
 * empty the Map, and a Map reallocates its table on every delete that empties it. By age: a
 * list linked through the queries, so an answered query leaves it at once, with no array to
 * grow or shift.
 */
export class WaitingQueries<T extends Waiting<T>> {
  private buckets: (T | undefined)[] = new Array<T | undefined>(INITIAL_BUCKETS).fill(undefined);
  private count = 0;
  private first: T | undefined;
  private newest: T | undefined;

  get size(): number {
    return this.count;
  }

  /** The query waiting longest; `newer` leads from it through the others. */
  get oldest(): T | undefined {
    return this.first;
  }

  /** The first query of the chain that holds this key; callers skip those with other keys. */
  chain(txid: number, type: number): T | undefined {
    return this.buckets[bucketOf(txid, type, this.buckets.length)];
  }

  /** Adds a query after every query already waiting with its key. */
  add(query: T): void {
    if (this.count >= this.buckets.length * LOAD) this.grow();
    this.append(query);
    this.count++;
    query.older = this.newest;
    if (this.newest === undefined) this.first = query;
    else this.newest.newer = query;
    this.newest = query;
  }

  /** Removes a waiting query (one that is not waiting is left alone). */
  remove(query: T): void {
    const at = bucketOf(query.txid, query.questions.type, this.buckets.length);
    let p = this.buckets[at];
    if (p === query) this.buckets[at] = query.next;
    else {
      while (p !== undefined && p.next !== query) p = p.next;
      if (p === undefined) return;
      p.next = query.next;
    }
    query.next = undefined;
    this.count--;
    const { older, newer } = query;
    if (older === undefined) this.first = newer;
    else older.newer = newer;
    if (newer === undefined) this.newest = older;
    else newer.older = older;
    query.older = undefined;
    query.newer = undefined;
  }

  private append(query: T): void {
    const at = bucketOf(query.txid, query.questions.type, this.buckets.length);
    let last = this.buckets[at];
    if (last === undefined) this.buckets[at] = query;
    else {
      while (last.next !== undefined) last = last.next;
      last.next = query;
    }
  }

  /** Doubles the buckets, moving each chain in order so queries with one key keep theirs. */
  private grow(): void {
    const old = this.buckets;
    this.buckets = new Array<T | undefined>(old.length * 2).fill(undefined);
    for (let head of old) {
      while (head !== undefined) {
        const query: T = head;
        head = query.next;
        query.next = undefined;
        this.append(query);
      }
    }
  }
}

/** Transaction ids are random (or counting): with the type, their low bits spread queries. */
function bucketOf(txid: number, type: number, buckets: number): number {
  return (txid ^ type) & (buckets - 1);
}
