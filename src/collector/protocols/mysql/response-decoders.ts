/**
 * Reads the server's answer to one command, one packet at a time. Each decoder knows the shape
 * its command gets (see commands.ts) and says when the answer is complete. Where the capability
 * flags are unknown (a connection joined mid-stream), the optional EOF packets are recognised by
 * their bytes, and what was learned is kept for the rest of the connection.
 */
import { SERVER_STATUS, packetStatusFlags } from './capabilities.js';
import type { ResponseShape } from './commands.js';
import type { MysqlPacket } from './packet-framer.js';
import {
  RESP_STATUS,
  errorText,
  firstByte,
  isEof,
  isErr,
  isProgressReport,
  isRowsEnd,
  type RespStatus,
} from './packets.js';
import { decodeUtf8 } from '../common/sql-text.js';
import { WireReader } from './wire-reader.js';

export type FeedResult = 'more' | 'done' | 'bad';

export interface ResponseOutcome {
  readonly status: RespStatus;
  readonly body: string;
}

/** The connection's flags a decoder reads, and learns from the bytes when unknown. */
export interface DecoderContext {
  /** CLIENT_DEPRECATE_EOF: true or false when known, undefined when not (yet). */
  deprecateEof: boolean | undefined;
  /** CLIENT_OPTIONAL_RESULTSET_METADATA was negotiated. */
  readonly optionalMetadata: boolean;
}

/** Told the statement id and parameter count of a successful PREPARE. */
export type OnPrepared = (statementId: number, numParams: number) => void;

export interface ResponseDecoder {
  feed(packet: MysqlPacket): FeedResult;
  /** The packets so far already make a whole answer (an optional trailing EOF may follow). */
  readonly canEnd: boolean;
  /** The next packet may skip sequence ids (the client sends packets in between). */
  readonly acceptsSeqJump: boolean;
  outcome(): ResponseOutcome;
}

/** One answer of one packet: OK, ERR, EOF, or a status string (COM_STATISTICS). */
class SingleDecoder implements ResponseDecoder {
  readonly canEnd = false;
  readonly acceptsSeqJump = false;
  private result: ResponseOutcome = { status: RESP_STATUS.unknown, body: '' };

  feed(p: MysqlPacket): FeedResult {
    if (isProgressReport(p)) return 'more';
    const first = firstByte(p);
    if (first === 0xff) this.result = { status: RESP_STATUS.err, body: errorText(p.payload) };
    else if (first === 0x00 || first === 0xfe) this.result = { status: RESP_STATUS.ok, body: '' };
    else this.result = { status: RESP_STATUS.ok, body: decodeUtf8(p.payload) };
    return 'done';
  }

  outcome(): ResponseOutcome {
    return this.result;
  }
}

type ResultsState = 'start' | 'columns' | 'after-columns' | 'rows' | 'infile';

/**
 * OK, ERR, or result sets (column count, column definitions, optional EOF, rows, EOF or OK),
 * repeated while the server flags more results. resp_body follows Pixie: `Resultset rows = N`,
 * joined with ", " for multiple result sets; empty for a plain OK.
 */
class ResultsDecoder implements ResponseDecoder {
  readonly canEnd = false;
  private state: ResultsState = 'start';
  private columnsLeft = 0;
  private rows = 0;
  private readonly summaries: string[] = [];
  private error: string | undefined;

  constructor(private readonly ctx: DecoderContext) {}

  get acceptsSeqJump(): boolean {
    return this.state === 'infile';
  }

  feed(p: MysqlPacket): FeedResult {
    if (isProgressReport(p)) return 'more';
    if (isErr(p)) {
      this.error = errorText(p.payload);
      return 'done';
    }
    switch (this.state) {
      case 'start':
      case 'infile':
        return this.start(p);
      case 'columns':
        if (--this.columnsLeft === 0) this.state = 'after-columns';
        return 'more';
      case 'after-columns':
        return this.afterColumns(p);
      case 'rows':
        return this.row(p);
    }
  }

  private start(p: MysqlPacket): FeedResult {
    const first = firstByte(p);
    if (first === 0x00 || isEof(p)) return this.endOfResult(p);
    if (this.state === 'infile') return 'bad';
    if (first === 0xfb) {
      // LOCAL INFILE: the client now sends the file; the server's OK follows it.
      this.state = 'infile';
      return 'more';
    }
    const r = new WireReader(p.payload);
    const columns = r.lenenc();
    // A column count packet holds just the count, plus a "metadata follows" byte if negotiated.
    if (columns === undefined || columns === 0 || columns > 4096 || r.remaining > 1) return 'bad';
    const metadataSkipped = r.remaining === 1 && r.u8() === 0;
    this.columnsLeft = metadataSkipped ? 0 : columns;
    this.state = metadataSkipped ? 'after-columns' : 'columns';
    return 'more';
  }

  private afterColumns(p: MysqlPacket): FeedResult {
    this.state = 'rows';
    if (isEof(p)) {
      this.ctx.deprecateEof = false;
      // A cursor was opened: the rows come later, through COM_STMT_FETCH.
      return (packetStatusFlags(p.payload) & SERVER_STATUS.cursorExists) !== 0 ? 'done' : 'more';
    }
    this.ctx.deprecateEof = true;
    return this.row(p);
  }

  private row(p: MysqlPacket): FeedResult {
    if (!isRowsEnd(p)) {
      this.rows++;
      return 'more';
    }
    this.summaries.push(`Resultset rows = ${this.rows}`);
    this.rows = 0;
    return this.endOfResult(p);
  }

  private endOfResult(p: MysqlPacket): FeedResult {
    if ((packetStatusFlags(p.payload) & SERVER_STATUS.moreResultsExist) === 0) return 'done';
    this.state = 'start';
    return 'more';
  }

  outcome(): ResponseOutcome {
    if (this.error !== undefined) return { status: RESP_STATUS.err, body: this.error };
    return { status: RESP_STATUS.ok, body: this.summaries.join(', ') };
  }
}

/**
 * COM_STMT_PREPARE: a prepare-OK (statement id, column and parameter counts), then the
 * parameter definitions and the column definitions, each group closed by an EOF unless
 * CLIENT_DEPRECATE_EOF. resp_body is empty, as in Pixie.
 */
class PrepareDecoder implements ResponseDecoder {
  readonly acceptsSeqJump = false;
  private groups: number[] = [];
  private awaitingEof = false;
  private started = false;
  private status: RespStatus = RESP_STATUS.unknown;
  private error = '';

  constructor(
    private readonly ctx: DecoderContext,
    private readonly onPrepared: OnPrepared,
  ) {}

  get canEnd(): boolean {
    return this.started && this.groups.length === 0 && this.ctx.deprecateEof === undefined;
  }

  feed(p: MysqlPacket): FeedResult {
    if (!this.started) return this.header(p);
    if (this.awaitingEof) {
      this.awaitingEof = false;
      if (isEof(p)) {
        this.ctx.deprecateEof = false;
        return this.groups.length === 0 ? 'done' : 'more';
      }
      this.ctx.deprecateEof = true;
      if (this.groups.length === 0) return 'bad';
    }
    return this.definition();
  }

  private header(p: MysqlPacket): FeedResult {
    this.started = true;
    if (isErr(p)) {
      this.status = RESP_STATUS.err;
      this.error = errorText(p.payload);
      return 'done';
    }
    const r = new WireReader(p.payload, 1);
    const id = r.uint(4);
    const columns = r.uint(2);
    const params = r.uint(2);
    if (
      firstByte(p) !== 0x00 ||
      id === undefined ||
      columns === undefined ||
      params === undefined
    ) {
      return 'bad';
    }
    this.status = RESP_STATUS.ok;
    this.onPrepared(id, params);
    const metadataSkipped = this.ctx.optionalMetadata && p.payload[12] === 0;
    this.groups = metadataSkipped ? [] : [params, columns].filter((n) => n > 0);
    return this.groups.length === 0 ? 'done' : 'more';
  }

  private definition(): FeedResult {
    const left = (this.groups[0] ?? 1) - 1;
    if (left > 0) {
      this.groups[0] = left;
      return 'more';
    }
    this.groups.shift();
    if (this.ctx.deprecateEof === true) return this.groups.length === 0 ? 'done' : 'more';
    this.awaitingEof = true;
    return 'more';
  }

  outcome(): ResponseOutcome {
    return { status: this.status, body: this.error };
  }
}

/** Packets until a closing packet: EOF/OK (field list, cursor fetch) or OK/ERR (auth). */
class UntilEndDecoder implements ResponseDecoder {
  readonly canEnd: boolean;
  private rows = 0;
  private result: ResponseOutcome = { status: RESP_STATUS.unknown, body: '' };

  constructor(private readonly kind: 'field-list' | 'rows' | 'auth' | 'open-ended') {
    this.canEnd = kind === 'open-ended';
  }

  get acceptsSeqJump(): boolean {
    return this.kind === 'auth';
  }

  feed(p: MysqlPacket): FeedResult {
    if (isProgressReport(p)) return 'more';
    if (isErr(p)) {
      this.result = { status: RESP_STATUS.err, body: errorText(p.payload) };
      return this.kind === 'open-ended' ? 'more' : 'done';
    }
    if (this.kind === 'open-ended') {
      if (this.result.status === RESP_STATUS.unknown)
        this.result = { status: RESP_STATUS.ok, body: '' };
      return 'more';
    }
    const closing = this.kind === 'auth' ? firstByte(p) === 0x00 : isRowsEnd(p);
    if (!closing) {
      this.rows++;
      return 'more';
    }
    const body = this.kind === 'rows' ? `Resultset rows = ${this.rows}` : '';
    this.result = { status: RESP_STATUS.ok, body };
    return 'done';
  }

  outcome(): ResponseOutcome {
    return this.result;
  }
}

export function createDecoder(
  shape: Exclude<ResponseShape, 'none'>,
  ctx: DecoderContext,
  onPrepared: OnPrepared,
): ResponseDecoder {
  switch (shape) {
    case 'single':
      return new SingleDecoder();
    case 'text-results':
    case 'binary-results':
      return new ResultsDecoder(ctx);
    case 'prepare':
      return new PrepareDecoder(ctx, onPrepared);
    case 'rows':
    case 'field-list':
    case 'auth':
    case 'open-ended':
      return new UntilEndDecoder(shape);
  }
}
