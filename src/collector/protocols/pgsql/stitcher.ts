/**
 * Pairs frontend requests with backend answers for one connection. The server answers in
 * request order, so pending requests form a queue and each backend message is offered to the
 * oldest (answers.ts says which messages each request takes and the row it makes). A Query's
 * answer, and the cycle of a Sync, end at ReadyForQuery. After an error in the extended
 * protocol the server skips everything up to Sync, and so does this queue. A message nobody
 * expects is dropped; if a later request expects it, the requests before that one lost their
 * answers (a gap) and are dropped instead.
 *
 * Times: a row's time is its last answer message; latency is that minus the request's time
 * (the last byte of each, as in Pixie).
 *
 * Payloads arrive as ranges of the framer's buffers. Most answers are taken on arrival, straight
 * from those bytes; only an answer that must wait for its request is copied.
 */
import type { ParserOptions, ParserStats, ProtocolRecord } from '../common/types.js';
import { truncateText } from '../common/sql-text.js';
import { AnswerReader, expectsFirst, type RowSink } from './answers.js';
import { BE, isAsynchronous } from './messages.js';
import { RequestReader, type PendingRequest } from './requests.js';
import { PgSession } from './session.js';

/** An answer waiting for its request (with its own copy of the payload). */
interface BackendMessage {
  readonly tag: number;
  readonly payload: Uint8Array;
  readonly timeNs: bigint;
}

const MAX_PENDING = 1024;
const MAX_WAITING = 4096;

const endsCycle = (r: PendingRequest): boolean =>
  r.kind === 'sync' || r.kind === 'query' || r.kind === 'function-call';

export class PgStitcher {
  private readonly pending: PendingRequest[] = [];
  private readonly waiting: BackendMessage[] = [];
  private waitingBytes = 0;
  private skipUntilSync = false;
  private afterGap = false;
  private readonly answers: AnswerReader;
  private readonly requests: RequestReader;

  constructor(
    private readonly options: ParserOptions,
    private readonly stats: ParserStats,
    private readonly emit: (record: ProtocolRecord) => void,
  ) {
    // Named parameters rather than a rest/spread pair: this runs for every row.
    const sink: RowSink = (request, command, req, resp, timeNs) => {
      this.row(request, command, req, resp, timeNs);
    };
    this.answers = new AnswerReader(new PgSession(), options.maxBodyBytes, sink);
    this.requests = new RequestReader(options.maxBodyBytes);
  }

  /** A frontend message, its payload `bytes[start, end)`. */
  onRequest(tag: number, bytes: Uint8Array, start: number, end: number, timeNs: bigint): void {
    const request = this.requests.read(tag, bytes, start, end, timeNs);
    if (request === 'malformed') this.stats.invalidFrames++;
    if (request === null || request === 'malformed') return;
    if (this.skipUntilSync) {
      if (request.kind !== 'sync') return; // the server discards it after the error
      this.skipUntilSync = false;
    }
    if (this.pending.length >= MAX_PENDING) {
      this.pending.shift();
      this.stats.unmatched++;
    }
    this.pending.push(request);
    this.pump();
  }

  /** A backend message, its payload `bytes[start, end)`. */
  onResponse(tag: number, bytes: Uint8Array, start: number, end: number, timeNs: bigint): void {
    if (isAsynchronous(tag)) return;
    // Either nothing waits or no request is pending (pump leaves one of them empty), so a
    // message that cannot be taken now joins the queue without anything else moving.
    const length = end - start;
    const fits = length <= this.options.maxBufferBytes;
    if (this.waiting.length === 0 && fits && this.take(tag, bytes, start, end, timeNs)) return;
    this.waiting.push({ tag, payload: bytes.slice(start, end), timeNs });
    this.waitingBytes += length;
    while (this.waiting.length > MAX_WAITING || this.waitingBytes > this.options.maxBufferBytes) {
      const dropped = this.waiting.shift();
      this.waitingBytes -= dropped?.payload.length ?? 0;
      this.stats.overflowBytes += dropped?.payload.length ?? 0;
    }
  }

  /**
   * Answer bytes were lost. The oldest request lost part of its answer if its answer had
   * begun, or if no other request could own what comes next; older requests that lost all of
   * theirs are dropped at the next message (see dropRequestsLostInGap).
   */
  onResponseGap(): void {
    const head = this.pending[0];
    if (head && (head.started || this.pending.length === 1)) head.damaged = true;
    this.afterGap = true;
  }

  /** The connection closed: a Query with output but no ReadyForQuery still makes its row. */
  close(): void {
    const head = this.pending[0];
    if (head?.kind === 'query' && head.result.hasOutput) {
      this.pending.shift();
      this.row(head, 'Query', head.text, head.result.text(), head.lastAnswerNs);
    }
    this.stats.unmatched += this.pending.filter((r) => r.kind !== 'sync').length;
    this.pending.length = 0;
    this.waiting.length = 0;
    this.waitingBytes = 0;
  }

  /** Offers the waiting answers, oldest first, while requests can take them. */
  private pump(): void {
    for (;;) {
      const message = this.waiting[0];
      if (!message) return;
      const payload = message.payload;
      if (!this.take(message.tag, payload, 0, payload.length, message.timeNs)) return;
      this.waiting.shift();
      this.waitingBytes -= message.payload.length;
    }
  }

  /**
   * Gives one answer message to the pending requests; false when none is pending, so it must
   * wait. True means it was used, or dropped as nobody's.
   */
  private take(
    tag: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    timeNs: bigint,
  ): boolean {
    for (;;) {
      const head = this.pending[0];
      if (!head) return false;
      // Sent before the oldest pending request: the answer to a request px never saw.
      if (head.timeNs > timeNs) return true;
      if (this.afterGap) this.dropRequestsLostInGap(timeNs);
      if (tag === BE.readyForQuery) {
        this.endCycle(timeNs);
        return true;
      }
      const current = this.pending[0] ?? head;
      current.lastAnswerNs = timeNs;
      current.started = true;
      const verdict = this.answers.offer(current, tag, bytes, start, end, timeNs);
      if (verdict === 'no') {
        if (this.skipToTaker(tag)) continue;
        this.stats.invalidFrames++;
        return true;
      }
      if (verdict === 'more') return true;
      this.pending.shift();
      if (verdict === 'failed') this.skipBatch();
      return true;
    }
  }

  /** Right after a gap, assume no pipelining: only the last request sent can own the answer. */
  private dropRequestsLostInGap(timeNs: bigint): void {
    this.afterGap = false;
    while ((this.pending[1]?.timeNs ?? timeNs + 1n) <= timeNs) {
      this.pending.shift();
      this.stats.unmatched++;
    }
  }

  /** ReadyForQuery closes the cycle of the oldest Sync, Query or FunctionCall. */
  private endCycle(timeNs: bigint): void {
    const end = this.pending.findIndex(endsCycle);
    if (end < 0) return; // after authentication, or its Sync was lost
    this.stats.unmatched += end;
    const terminal = this.pending[end];
    this.dropPending(end + 1);
    if (terminal?.kind === 'query') {
      this.row(terminal, 'Query', terminal.text, terminal.result.text(), timeNs);
    }
  }

  /**
   * A message the oldest request cannot take: when a later request can, the ones before it lost
   * their answers and are dropped (true); otherwise the message is nobody's (false).
   */
  private skipToTaker(tag: number): boolean {
    for (let i = 1; i < this.pending.length; i++) {
      const request = this.pending[i];
      if (!request) break;
      if (expectsFirst(request, tag)) {
        this.dropPending(i);
        this.stats.unmatched += i;
        return true;
      }
      if (request.kind === 'sync' || request.kind === 'query') break; // the end of a cycle
    }
    return false;
  }

  /** After an extended-protocol error the server ignores everything up to the next Sync. */
  private skipBatch(): void {
    const sync = this.pending.findIndex((r) => r.kind === 'sync');
    if (sync < 0) {
      this.pending.length = 0;
      this.skipUntilSync = true;
    } else {
      this.dropPending(sync);
    }
  }

  /** Drops the oldest `count` pending requests (shift, unlike splice, makes no array). */
  private dropPending(count: number): void {
    for (let i = 0; i < count; i++) this.pending.shift();
  }

  private row(
    request: PendingRequest,
    command: string,
    req: string,
    resp: string,
    timeNs: bigint,
  ): void {
    if (request.damaged) {
      this.stats.unmatched++;
      return;
    }
    const max = this.options.maxBodyBytes;
    this.emit({
      table: 'pgsql_events',
      timeNs,
      values: {
        req_cmd: command,
        req: truncateText(req, max),
        resp: truncateText(resp, max),
        latency: timeNs > request.timeNs ? Number(timeNs - request.timeNs) : 0,
      },
    });
  }
}
