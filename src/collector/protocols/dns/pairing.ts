import type { ParserStats, ProtocolRecord } from '../common/types.js';
import { headerJson } from './json.js';
import type { DnsMessageReader } from './message.js';
import type { QuestionSection } from './question-sections.js';
import { WaitingQueries } from './waiting-queries.js';

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

/** A query waiting for its reply, with the text of its half of the row. */
interface PendingQuery {
  readonly peer: string;
  readonly txid: number;
  /** Its question section: what a reply must echo, and req_body. */
  readonly questions: QuestionSection;
  /** req_header. */
  readonly header: string;
  readonly timeNs: bigint;
  /** Links of WaitingQueries. */
  next: PendingQuery | undefined;
  older: PendingQuery | undefined;
  newer: PendingQuery | undefined;
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
   * Waiting queries by transaction id and first question type; the peer and name are compared
   * along the (nearly always one long) chain.
   */
  private readonly waiting = new WaitingQueries<PendingQuery>();

  constructor(
    private readonly options: DnsPairingOptions,
    private readonly stats: ParserStats,
    private readonly out: DnsRowOutput,
  ) {}

  /** Queries waiting for a reply. */
  get pending(): number {
    return this.waiting.size;
  }

  /** A query, read by `message` (which the pairer does not keep). */
  query(message: DnsMessageReader, timeNs: bigint, peer: string): void {
    if (this.find(peer, message) !== undefined) return; // a retransmission of a query still waiting
    if (this.waiting.size >= this.options.maxPending) this.dropOldest();
    const pending: PendingQuery = {
      peer,
      txid: message.txid,
      questions: message.questions,
      header: headerJson(message),
      timeNs,
      next: undefined,
      older: undefined,
      newer: undefined,
    };
    this.waiting.add(pending);
  }

  /** A reply, read by `message` (which the pairer does not keep). */
  reply(message: DnsMessageReader, timeNs: bigint, peer: string): void {
    const match = this.findQuery(message, timeNs, peer);
    if (!match) {
      this.stats.unmatched++;
      return;
    }
    this.waiting.remove(match);
    this.out.push({
      table: 'dns_events',
      timeNs,
      values: {
        req_header: match.header,
        req_body: match.questions.json,
        resp_header: headerJson(message),
        resp_body: message.answers,
        latency: Number(timeNs - match.timeNs),
      },
    });
  }

  /** Reports the queries that have waited `timeoutNs` by `nowNs` as unanswered. */
  expire(nowNs: bigint): void {
    const sentBy = nowNs - this.options.timeoutNs; // once, not a bigint sum per query
    for (let first = this.waiting.oldest; first; first = this.waiting.oldest) {
      if (first.timeNs > sentBy) return;
      this.unanswered(first, nowNs);
    }
  }

  /** Reports every waiting query as unanswered (the connection closed at `nowNs`). */
  flush(nowNs: bigint): void {
    for (let first = this.waiting.oldest; first; first = this.waiting.oldest) {
      this.unanswered(first, nowNs);
    }
  }

  /**
   * The waiting query a reply answers. Some servers leave the question out of error
   * replies (FORMERR, REFUSED); those match on peer and transaction id alone.
   */
  private findQuery(
    message: DnsMessageReader,
    timeNs: bigint,
    peer: string,
  ): PendingQuery | undefined {
    const found =
      this.find(peer, message) ??
      (message.qdcount === 0 ? this.oldestWithId(peer, message.txid) : undefined);
    return found && found.timeNs <= timeNs ? found : undefined;
  }

  /** The waiting query from `peer` with the transaction id and first question of `message`. */
  private find(peer: string, message: DnsMessageReader): PendingQuery | undefined {
    const { txid, questions } = message;
    const { name, type } = questions;
    // The chain holds the queries with this id and type, and a few others: compare all.
    for (let p = this.waiting.chain(txid, type); p !== undefined; p = p.next) {
      if (p.txid !== txid || p.questions.type !== type || p.peer !== peer) continue;
      if (sameName(p.questions.name, name)) return p;
    }
    return undefined;
  }

  private oldestWithId(peer: string, txid: number): PendingQuery | undefined {
    for (let p = this.waiting.oldest; p !== undefined; p = p.newer) {
      if (p.peer === peer && p.txid === txid) return p;
    }
    return undefined;
  }

  private unanswered(pending: PendingQuery, nowNs: bigint): void {
    this.waiting.remove(pending);
    const waited = nowNs - pending.timeNs;
    const latency = waited < this.options.timeoutNs ? waited : this.options.timeoutNs;
    this.out.push({
      table: 'dns_events',
      timeNs: pending.timeNs,
      values: {
        req_header: pending.header,
        req_body: pending.questions.json,
        resp_header: '',
        resp_body: '',
        latency: Number(latency > 0n ? latency : 0n),
      },
    });
  }

  private dropOldest(): void {
    const oldest = this.waiting.oldest;
    if (oldest === undefined) return;
    this.waiting.remove(oldest);
    this.stats.unmatched++;
  }
}

/** The same question name (case-insensitively), or both messages without a question. */
function sameName(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  // Replies nearly always echo the query's exact text, so lower-casing is rarely needed.
  return a === b || a.toLowerCase() === b.toLowerCase();
}
