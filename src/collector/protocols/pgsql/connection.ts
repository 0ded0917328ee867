/**
 * One PostgreSQL connection: frames both directions and feeds the stitcher. The startup phase
 * (SSLRequest and its one-byte answer, GSSENCRequest, StartupMessage, authentication) makes no
 * rows; CancelRequest connections make none either. After the server accepts TLS or GSS
 * encryption the bytes are unreadable and ignored.
 */
import {
  emptyParserStats,
  type MessageSide,
  type ParserOptions,
  type ProtocolConnection,
  type ProtocolRecord,
} from '../common/types.js';
import { MessageFramer, type PgEvent } from './message-framer.js';
import { PgStitcher } from './stitcher.js';

/** Answers only need what their text shows; the rest of a huge DataRow streams past. */
const RESPONSE_KEEP_BYTES = 64 * 1024;

export class PgsqlConnection implements ProtocolConnection {
  readonly stats = emptyParserStats();
  private readonly frontend: MessageFramer;
  private readonly backend: MessageFramer;
  private readonly stitcher: PgStitcher;
  private readonly records: ProtocolRecord[] = [];

  constructor(options: ParserOptions) {
    this.stitcher = new PgStitcher(options, this.stats, (record) => this.records.push(record));
    this.frontend = new MessageFramer(
      'frontend',
      options.maxBufferBytes,
      this.stats,
      (tag, bytes, start, end, timeNs) => {
        this.stitcher.onRequest(tag, bytes, start, end, timeNs);
      },
      (event) => {
        this.onFrontendEvent(event);
      },
    );
    const keep = Math.max(Math.min(options.maxBufferBytes, RESPONSE_KEEP_BYTES), 1);
    this.backend = new MessageFramer(
      'backend',
      keep,
      this.stats,
      (tag, bytes, start, end, timeNs) => {
        this.stitcher.onResponse(tag, bytes, start, end, timeNs);
      },
      (event) => {
        this.onBackendEvent(event);
      },
    );
  }

  onData(side: MessageSide, data: Uint8Array, timeNs: bigint): void {
    if (side === 'request') this.frontend.push(data, timeNs);
    else this.backend.push(data, timeNs);
  }

  onGap(side: MessageSide, length: number): void {
    if (side === 'request') {
      this.frontend.gap(length);
    } else if (this.backend.gap(length)) {
      this.stitcher.onResponseGap();
    }
  }

  onClose(): void {
    this.stitcher.close();
  }

  drain(out: ProtocolRecord[]): void {
    // Most calls find nothing: leave the array alone then (emptying it drops its storage).
    if (this.records.length === 0) return;
    for (const record of this.records) out.push(record);
    this.records.length = 0;
  }

  private onFrontendEvent(event: PgEvent): void {
    if (event.kind === 'ssl-request' || event.kind === 'gss-request') {
      this.backend.expectEncryptionReply();
      this.backend.push(new Uint8Array(0), event.timeNs);
    }
  }

  private onBackendEvent(event: PgEvent): void {
    if (event.kind === 'discarded') {
      this.stitcher.onResponseGap();
    } else if (event.kind === 'encryption-reply' && event.accepted) {
      this.frontend.encrypted = true;
    }
  }
}
