import type { ParserStats, ProtocolRecord } from '../common/types.js';
import { answersJson, headerJson, queriesJson } from './json.js';
import type { DnsMessage, DnsQuestion } from './message.js';

/** How long a query waits for its reply before it is reported unanswered (Pixie: 2 s). */
export const DEFAULT_DNS_TIMEOUT_NS = 2_000_000_000n;
/** Queries waiting at once; beyond this the oldest is dropped and counted. */
export const DEFAULT_MAX_PENDING_QUERIES = 4096;

export interface DnsPairingOptions {
  readonly timeoutNs: bigint;
  readonly maxPending: number;
}

/** Where paired rows go: an array to drain later, or a consumer that takes them at once. */
export interface DnsRowOutput {
  push(record: ProtocolRecord): void;
}

interface PendingQuery {
  readonly peer: string;
  readonly message: DnsMessage;
  readonly timeNs: bigint;
  done: boolean;
  /** The next waiting query with the same key (transaction id and first question type). */
  next: PendingQuery | undefined;
}

/**
 * Pairs DNS queries with replies into dns_events rows. A reply answers the oldest waiting
 * query from the same peer with the same transaction id and the same first question
 * (replies may come in any order). A query resent while its first copy still waits is a
 * retransmission and does not start a new row, so latency runs from the first send.
 *
 * Unanswered queries are kept, not dropped as Pixie does by default: after the timeout a
 * query becomes a row with empty resp_header and resp_body, time_ = the query's time and
 * latency = how long it waited (the timeout, or less if the connection closed first). A
 * lookup that never got an answer is exactly what someone debugging DNS looks for. Replies
 * without a waiting query (duplicates, or a capture that began mid-exchange) are counted
 * as unmatched and dropped.
 */
export class DnsPairer {
  /**
   * Waiting queries by transaction id and first question type, chained in arrival order; the
   * peer and name are compared along the (nearly always one long) chain. A number key saves
   * building and hashing a string per message.
   */
  private readonly waiting = new Map<number, PendingQuery>();
  private waitingCount = 0;
  /** Pending queries in arrival order; answered ones are removed lazily from the front. */
  private readonly queue: PendingQuery[] = [];

  constructor(
    private readonly options: DnsPairingOptions,
    private readonly stats: ParserStats,
    private readonly out: DnsRowOutput,
  ) {}

  /** Queries waiting for a reply. */
  get pending(): number {
    return this.waitingCount;
  }

  query(message: DnsMessage, timeNs: bigint, peer: string): void {
    if (this.find(peer, message) !== undefined) return; // a retransmission of a query still waiting
    if (this.waitingCount >= this.options.maxPending) this.dropOldest();
    const pending: PendingQuery = { peer, message, timeNs, done: false, next: undefined };
    const key = pairingKey(message);
    let last = this.waiting.get(key);
    if (last === undefined) this.waiting.set(key, pending);
    else {
      while (last.next !== undefined) last = last.next;
      last.next = pending;
    }
    this.waitingCount++;
    this.queue.push(pending);
  }

  reply(message: DnsMessage, timeNs: bigint, peer: string): void {
    const match = this.findQuery(message, timeNs, peer);
    if (!match) {
      this.stats.unmatched++;
      return;
    }
    this.settle(match);
    this.out.push({
      table: 'dns_events',
      timeNs,
      values: {
        req_header: headerJson(match.message.header),
        req_body: queriesJson(match.message.questions),
        resp_header: headerJson(message.header),
        resp_body: answersJson(message.answers),
        latency: Number(timeNs - match.timeNs),
      },
    });
  }

  /** Reports the queries that have waited `timeoutNs` by `nowNs` as unanswered. */
  expire(nowNs: bigint): void {
    const sentBy = nowNs - this.options.timeoutNs; // once, not a bigint sum per query
    for (let first = this.queue[0]; first; first = this.queue[0]) {
      if (!first.done && first.timeNs > sentBy) return;
      this.queue.shift();
      if (!first.done) this.unanswered(first, nowNs);
    }
  }

  /** Reports every waiting query as unanswered (the connection closed at `nowNs`). */
  flush(nowNs: bigint): void {
    for (const pending of this.queue) if (!pending.done) this.unanswered(pending, nowNs);
    this.queue.length = 0;
  }

  /**
   * The waiting query a reply answers. Some servers leave the question out of error
   * replies (FORMERR, REFUSED); those match on peer and transaction id alone.
   */
  private findQuery(message: DnsMessage, timeNs: bigint, peer: string): PendingQuery | undefined {
    const found =
      this.find(peer, message) ??
      (message.questions.length === 0 ? this.oldestWithId(peer, message.header.txid) : undefined);
    return found && found.timeNs <= timeNs ? found : undefined;
  }

  /** The waiting query from `peer` with the transaction id and first question of `message`. */
  private find(peer: string, message: DnsMessage): PendingQuery | undefined {
    const question = message.questions[0];
    // The chain holds the queries with this id and question type: peer and name tell them apart.
    for (let p = this.waiting.get(pairingKey(message)); p !== undefined; p = p.next) {
      if (p.peer === peer && sameQuestion(p.message.questions[0], question)) return p;
    }
    return undefined;
  }

  private oldestWithId(peer: string, txid: number): PendingQuery | undefined {
    return this.queue.find((p) => !p.done && p.peer === peer && p.message.header.txid === txid);
  }

  private unanswered(pending: PendingQuery, nowNs: bigint): void {
    this.settle(pending);
    const waited = nowNs - pending.timeNs;
    const latency = waited < this.options.timeoutNs ? waited : this.options.timeoutNs;
    this.out.push({
      table: 'dns_events',
      timeNs: pending.timeNs,
      values: {
        req_header: headerJson(pending.message.header),
        req_body: queriesJson(pending.message.questions),
        resp_header: '',
        resp_body: '',
        latency: Number(latency > 0n ? latency : 0n),
      },
    });
  }

  private dropOldest(): void {
    for (let first = this.queue.shift(); first; first = this.queue.shift()) {
      if (first.done) continue;
      this.settle(first);
      this.stats.unmatched++;
      return;
    }
  }

  private settle(pending: PendingQuery): void {
    pending.done = true;
    this.waitingCount--;
    const key = pairingKey(pending.message);
    const head = this.waiting.get(key);
    if (head === pending) {
      if (pending.next === undefined) this.waiting.delete(key);
      else this.waiting.set(key, pending.next);
      return;
    }
    for (let p = head; p !== undefined; p = p.next) {
      if (p.next === pending) {
        p.next = pending.next;
        return;
      }
    }
  }
}

/**
 * The numeric part of what pairs a reply with its query: the transaction id and the first
 * question's type (0 without a question). Peer and name are compared on lookup.
 */
function pairingKey(message: DnsMessage): number {
  return message.header.txid * 0x10000 + (message.questions[0]?.type ?? 0);
}

/** The same name (case-insensitively) and type, or both messages without a question. */
function sameQuestion(a: DnsQuestion | undefined, b: DnsQuestion | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  // Replies nearly always echo the query's exact text, so lower-casing is rarely needed.
  const same = a.name === b.name || a.name.toLowerCase() === b.name.toLowerCase();
  return same && a.type === b.type;
}
