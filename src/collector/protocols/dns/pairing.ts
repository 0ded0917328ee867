import type { ParserStats, ProtocolRecord } from '../common/types.js';
import { answersJson, headerJson, queriesJson } from './json.js';
import type { DnsMessage } from './message.js';

/** How long a query waits for its reply before it is reported unanswered (Pixie: 2 s). */
export const DEFAULT_DNS_TIMEOUT_NS = 2_000_000_000n;
/** Queries waiting at once; beyond this the oldest is dropped and counted. */
export const DEFAULT_MAX_PENDING_QUERIES = 4096;

export interface DnsPairingOptions {
  readonly timeoutNs: bigint;
  readonly maxPending: number;
}

interface PendingQuery {
  readonly key: string;
  readonly message: DnsMessage;
  readonly timeNs: bigint;
  done: boolean;
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
  private readonly waiting = new Map<string, PendingQuery>();
  /** Pending queries in arrival order; answered ones are removed lazily from the front. */
  private readonly queue: PendingQuery[] = [];

  constructor(
    private readonly options: DnsPairingOptions,
    private readonly stats: ParserStats,
    private readonly out: ProtocolRecord[],
  ) {}

  /** Queries waiting for a reply. */
  get pending(): number {
    return this.waiting.size;
  }

  query(message: DnsMessage, timeNs: bigint, peer: string): void {
    const key = pairingKey(peer, message);
    if (this.waiting.has(key)) return; // a retransmission of a query still waiting
    if (this.waiting.size >= this.options.maxPending) this.dropOldest();
    const pending: PendingQuery = { key, message, timeNs, done: false };
    this.waiting.set(key, pending);
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
    for (let first = this.queue[0]; first; first = this.queue[0]) {
      if (!first.done && first.timeNs + this.options.timeoutNs > nowNs) return;
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
    const exact = this.waiting.get(pairingKey(peer, message));
    const found =
      exact ??
      (message.questions.length === 0
        ? this.queue.find((p) => !p.done && p.key.startsWith(pairingKey(peer, message)))
        : undefined);
    return found && found.timeNs <= timeNs ? found : undefined;
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
    this.waiting.delete(pending.key);
  }
}

/**
 * Peer, transaction id and first question (lower-cased: names are case-insensitive). A
 * message without a question gives a prefix of the keys of the same peer and id.
 */
function pairingKey(peer: string, message: DnsMessage): string {
  const question = message.questions[0];
  const base = `${peer}\u0000${message.header.txid}\u0000`;
  return question ? `${base}${question.name.toLowerCase()}/${question.type}` : base;
}
