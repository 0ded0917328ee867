import { emptyParserStats, type ProtocolRecord } from '../common/types.js';
import { isResponse } from './header.js';
import { DnsMessageReader } from './message.js';
import {
  DEFAULT_DNS_TIMEOUT_NS,
  DEFAULT_MAX_PENDING_QUERIES,
  DnsPairer,
  type DnsPairingOptions,
  type DnsRowOutput,
} from './pairing.js';

/**
 * DNS over UDP. Each datagram is one whole message; unlike a TCP stream there is no
 * connection, so one stitcher can serve a whole socket (a resolver talks to many peers) and
 * the caller names the peer of each datagram: queries and replies pair only within the same
 * `peer` key (for example "10.0.0.2:53|10.0.0.7:41234"), then by transaction id and question.
 * The QR bit says whether a datagram is a query or a reply, so callers need not know roles.
 *
 * Time only moves when the caller says so: `expire(nowNs)` reports queries that waited the
 * timeout (default 2 s) as unanswered rows; `flush(nowNs)` reports all that still wait.
 * Rows wait for `drain`, or go straight to `out` when one is given.
 */
export class DnsDatagramStitcher {
  readonly stats = emptyParserStats();
  private readonly finished: ProtocolRecord[] = [];
  private readonly pairer: DnsPairer;
  private readonly message = new DnsMessageReader();

  constructor(options: Partial<DnsPairingOptions> = {}, out?: DnsRowOutput) {
    const pairing = {
      timeoutNs: options.timeoutNs ?? DEFAULT_DNS_TIMEOUT_NS,
      maxPending: options.maxPending ?? DEFAULT_MAX_PENDING_QUERIES,
    };
    this.pairer = new DnsPairer(pairing, this.stats, out ?? this.finished);
  }

  /** Queries waiting for a reply. */
  get pendingQueries(): number {
    return this.pairer.pending;
  }

  onDatagram(datagram: Uint8Array, timeNs: bigint, peer: string): void {
    const message = this.message;
    if (!message.read(datagram)) {
      this.stats.invalidFrames++;
      this.stats.invalidBytes += datagram.length;
      return;
    }
    if (!message.complete) this.stats.invalidFrames++;
    if (isResponse(message)) this.pairer.reply(message, timeNs, peer);
    else this.pairer.query(message, timeNs, peer);
  }

  expire(nowNs: bigint): void {
    this.pairer.expire(nowNs);
  }

  flush(nowNs: bigint): void {
    this.pairer.flush(nowNs);
  }

  drain(out: ProtocolRecord[]): void {
    // Most calls find nothing: leave the array alone then (emptying it drops its storage).
    if (this.finished.length === 0) return;
    for (const record of this.finished) out.push(record);
    this.finished.length = 0;
  }
}
