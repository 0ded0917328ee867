import {
  emptyParserStats,
  type MessageSide,
  type ParserOptions,
  type ProtocolConnection,
  type ProtocolRecord,
} from '../common/types.js';
import type { BodyCapture } from './body-capture.js';
import { Exchange } from './exchange.js';
import { requestFraming, responseFraming, type BodyFraming } from './framing.js';
import type { RequestHead, ResponseHead } from './head.js';
import { MessageReader, type MessageSink } from './message-reader.js';
import { buildHttpRecord, type CompletedExchange } from './record.js';

/** Requests waiting for their responses; beyond this the oldest is dropped (and counted). */
export const MAX_PENDING_REQUESTS = 64;

/** What the response being read answers. */
type Answering = Exchange | 'orphan' | 'interim' | null;

/**
 * Stitches the two directions of one HTTP/1.x connection into http_events rows.
 *
 * Responses answer requests in order (RFC 9112 §9.3.2), so pairing is first-in first-out,
 * which also covers pipelining. A response's head is bound to the oldest request without
 * one; interim 1xx responses (100 Continue, 103 Early Hints) are skipped, and a response
 * that arrives while no request is waiting (a capture that started mid-exchange) is dropped
 * and counted as unmatched. The tracker must feed both sides in capture-time order.
 *
 * After 101 Switching Protocols or a CONNECT tunnel the connection is no longer HTTP: the
 * switch is recorded as a row and later bytes are only counted (`tunnelBytes`).
 *
 * Loss: body bytes lost inside a length- or chunk-framed body are counted and the message
 * survives (cut). Otherwise the partial message is ended (cut) or dropped and the side
 * resyncs on the next start line. Lost response bytes may have carried the answers to the
 * requests still waiting, so those requests are dropped (unmatched) rather than paired with
 * a later response. Requests lost on the request side leave no trace: with pipelining their
 * responses can then pair with the wrong request, a limit shared with every passive parser.
 */
export class HttpConnection implements ProtocolConnection {
  readonly stats = emptyParserStats();
  private readonly requests: MessageReader;
  private readonly responses: MessageReader;
  private readonly exchanges: Exchange[] = [];
  private readonly finished: ProtocolRecord[] = [];
  private reading: Exchange | null = null;
  /** The exchange recorded last, kept to be restarted for the next request. */
  private spare: Exchange | null = null;
  private answering: Answering = null;
  private nowNs = 0n;
  private switched = false;

  constructor(private readonly options: ParserOptions) {
    const { maxBufferBytes } = options;
    this.requests = new MessageReader('request', this.requestSink(), this.stats, maxBufferBytes);
    this.responses = new MessageReader('response', this.responseSink(), this.stats, maxBufferBytes);
  }

  /** True once the connection switched protocols (101 or CONNECT); parsing has stopped. */
  get upgraded(): boolean {
    return this.switched;
  }

  /** Bytes seen after a protocol switch, not parsed. */
  get tunnelBytes(): number {
    return this.requests.tunnelBytes + this.responses.tunnelBytes;
  }

  /** Bytes buffered for `side` (a partial head or chunk-size line); never above the cap. */
  bufferedBytes(side: MessageSide): number {
    return this.reader(side).bufferedBytes;
  }

  onData(side: MessageSide, data: Uint8Array, timeNs: bigint): void {
    this.nowNs = timeNs;
    this.reader(side).push(data, timeNs);
    // Bodies borrow `data` (see MessageSink.body); the ones still unfinished keep copies.
    const exchanges = this.exchanges;
    for (let i = 0; i < exchanges.length; i++) {
      const exchange = exchanges[i] as Exchange;
      exchange.requestBody.keepCopy();
      exchange.responseBody.keepCopy();
    }
  }

  onGap(side: MessageSide, length: number, timeNs: bigint): void {
    this.nowNs = timeNs;
    this.reader(side).gap(length, timeNs);
  }

  onClose(timeNs: bigint): void {
    this.nowNs = timeNs;
    this.requests.close(timeNs);
    this.responses.close(timeNs);
    for (const exchange of this.exchanges) {
      if (exchange.answered()) this.emit(exchange, exchange.requestEndNs ?? exchange.requestLastNs);
      else this.stats.unmatched++;
    }
    this.exchanges.length = 0;
  }

  drain(out: ProtocolRecord[]): void {
    const finished = this.finished;
    for (let i = 0; i < finished.length; i++) out.push(finished[i] as ProtocolRecord);
    // Emptied by popping: setting the length to 0 would drop the array's storage, and the
    // next record would allocate it again.
    while (finished.length > 0) finished.pop();
  }

  private reader(side: MessageSide): MessageReader {
    return side === 'request' ? this.requests : this.responses;
  }

  private requestSink(): MessageSink {
    return {
      head: (head, timeNs) => (head.kind === 'request' ? this.startRequest(head, timeNs) : null),
      body: (data, from, to, borrowed) => {
        if (!this.reading) return;
        this.reading.requestBody.append(data, from, to, borrowed);
        this.reading.requestLastNs = this.nowNs;
      },
      bodyLost: (length) => {
        this.reading?.requestBody.lose(length);
      },
      end: (timeNs, cut) => {
        const exchange = this.reading;
        this.reading = null;
        if (!exchange) return;
        if (cut) exchange.requestBody.markIncomplete();
        exchange.requestEndNs = timeNs;
        this.emitReady();
      },
      // Requests lost between messages leave nothing to undo (see the class comment).
      lost: () => undefined,
    };
  }

  private responseSink(): MessageSink {
    return {
      head: (head) => (head.kind === 'response' ? this.startResponse(head) : null),
      body: (data, from, to, borrowed) => {
        this.responseBody()?.append(data, from, to, borrowed);
      },
      bodyLost: (length) => {
        this.responseBody()?.lose(length);
      },
      end: (timeNs, cut) => {
        this.endResponse(timeNs, cut);
      },
      lost: () => {
        this.dropUnanswered();
      },
    };
  }

  private responseBody(): BodyCapture | null {
    return typeof this.answering === 'object' ? (this.answering?.responseBody ?? null) : null;
  }

  private startRequest(head: RequestHead, timeNs: bigint): BodyFraming | null {
    const framing = requestFraming(head);
    if (!framing) return null;
    let exchange = this.spare;
    if (exchange) exchange.restart(head, timeNs);
    else exchange = new Exchange(head, timeNs, this.options.maxBodyBytes);
    this.spare = null;
    if (this.exchanges.length >= MAX_PENDING_REQUESTS) {
      this.exchanges.shift();
      this.stats.unmatched++;
    }
    this.exchanges.push(exchange);
    this.reading = exchange;
    return framing;
  }

  private startResponse(head: ResponseHead): BodyFraming | null {
    if (head.status < 200 && head.status !== 101) {
      this.answering = 'interim';
      return { kind: 'none' };
    }
    const exchange = this.unanswered();
    const framing = responseFraming(head, exchange?.request.method);
    if (!framing) return null;
    if (exchange) exchange.response = head;
    this.answering = exchange ?? 'orphan';
    if (framing.kind === 'tunnel') {
      this.switched = true;
      this.requests.stop();
      if (exchange) exchange.requestEndNs ??= exchange.requestLastNs;
      this.reading = null;
    }
    return framing;
  }

  /** The oldest exchange still waiting for its response head. */
  private unanswered(): Exchange | undefined {
    const exchanges = this.exchanges;
    for (let i = 0; i < exchanges.length; i++) {
      const exchange = exchanges[i] as Exchange;
      if (exchange.response === null) return exchange;
    }
    return undefined;
  }

  private endResponse(timeNs: bigint, cut: boolean): void {
    const exchange = this.answering;
    this.answering = null;
    if (exchange === 'orphan') this.stats.unmatched++;
    if (exchange === null || typeof exchange === 'string') return;
    if (cut) exchange.responseBody.markIncomplete();
    exchange.responseEndNs = timeNs;
    if (exchange.requestEndNs === null && this.abandonsBody(exchange)) {
      // The server gave its final answer to `Expect: 100-continue` without asking for the
      // body, so the client will not send it: the next request bytes are a new request.
      exchange.requestEndNs = exchange.requestLastNs;
      this.reading = null;
      this.requests.abandonBody(timeNs);
    }
    this.emitReady();
  }

  private abandonsBody(exchange: Exchange): boolean {
    return (
      exchange === this.reading &&
      exchange.requestBody.size === 0 &&
      exchange.request.headers.hasToken('expect', '100-continue')
    );
  }

  /** Response bytes were lost: answers to the waiting requests may have been among them. */
  private dropUnanswered(): void {
    const kept = this.exchanges.filter((e) => e.response !== null || e.requestEndNs === null);
    this.stats.unmatched += this.exchanges.length - kept.length;
    this.exchanges.splice(0, this.exchanges.length, ...kept);
  }

  /** Emits finished exchanges from the front of the queue, in order. */
  private emitReady(): void {
    for (;;) {
      const first = this.exchanges[0];
      if (!first || first.requestEndNs === null || !first.answered()) return;
      this.exchanges.shift();
      this.emit(first, first.requestEndNs);
      // Nothing refers to a recorded exchange any more: neither `reading` (its request
      // ended) nor `answering` (its response ended).
      first.retire();
      this.spare = first;
    }
  }

  private emit(exchange: Exchange & CompletedExchange, requestEndNs: bigint): void {
    this.finished.push(buildHttpRecord(exchange, requestEndNs, this.options.maxBodyBytes));
  }
}
