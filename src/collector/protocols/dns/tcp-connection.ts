import {
  emptyParserStats,
  type MessageSide,
  type ParserOptions,
  type ProtocolConnection,
  type ProtocolRecord,
} from '../common/types.js';
import { isResponse } from './header.js';
import { DnsMessageReader } from './message.js';
import {
  DEFAULT_DNS_TIMEOUT_NS,
  DEFAULT_MAX_PENDING_QUERIES,
  DnsPairer,
  type DnsPairingOptions,
} from './pairing.js';
import { DnsTcpFramer } from './tcp-framer.js';

/** All messages of one connection share one peer, so pairing needs no peer key. */
const PEER = 'tcp';

/**
 * DNS over TCP for one connection: length-prefixed messages from both sides, queries paired
 * with replies by transaction id and question (a server may answer out of order, RFC 7766).
 * Whether a message is a query or a reply is read from its QR bit, so the sides need not be
 * labelled right. Queries still waiting `timeoutNs` after they were sent, measured on the
 * times the bytes carry, are reported unanswered; so are those waiting at close.
 */
export class DnsTcpConnection implements ProtocolConnection {
  readonly stats = emptyParserStats();
  private readonly finished: ProtocolRecord[] = [];
  private readonly pairer: DnsPairer;
  private readonly framers: Record<MessageSide, DnsTcpFramer>;
  private readonly message = new DnsMessageReader();

  constructor(
    options: ParserOptions,
    pairing: DnsPairingOptions = {
      timeoutNs: DEFAULT_DNS_TIMEOUT_NS,
      maxPending: DEFAULT_MAX_PENDING_QUERIES,
    },
  ) {
    this.pairer = new DnsPairer(pairing, this.stats, this.finished);
    this.framers = {
      request: new DnsTcpFramer(this.stats, options.maxBufferBytes),
      response: new DnsTcpFramer(this.stats, options.maxBufferBytes),
    };
  }

  /** Bytes buffered for `side` (part of a message). */
  bufferedBytes(side: MessageSide): number {
    return this.framers[side].bufferedBytes;
  }

  onData(side: MessageSide, data: Uint8Array, timeNs: bigint): void {
    this.pairer.expire(timeNs);
    this.framers[side].push(data, (bytes) => {
      const message = this.message;
      if (!message.read(bytes)) return false;
      if (!message.complete) this.stats.invalidFrames++;
      if (isResponse(message)) this.pairer.reply(message, timeNs, PEER);
      else this.pairer.query(message, timeNs, PEER);
      return true;
    });
  }

  onGap(side: MessageSide, _length: number, timeNs: bigint): void {
    this.pairer.expire(timeNs);
    this.framers[side].gap();
  }

  onClose(timeNs: bigint): void {
    this.framers.request.close();
    this.framers.response.close();
    this.pairer.expire(timeNs);
    this.pairer.flush(timeNs);
  }

  drain(out: ProtocolRecord[]): void {
    // Most calls find nothing: leave the array alone then (emptying it drops its storage).
    if (this.finished.length === 0) return;
    for (const record of this.finished) out.push(record);
    this.finished.length = 0;
  }
}
