/**
 * One MySQL connection: frames both directions, pairs each command with its answer, and emits
 * mysql_events rows. Commands and answers queue separately so that an answer seen before its
 * command (directions fed out of order) still pairs; an answer older than the oldest waiting
 * command belongs to a command never seen and is dropped.
 *
 * Times: a row's time is the last byte of the answer; latency is that minus the last byte of the
 * command (Pixie's definition). Commands without an answer (close, send-long-data, quit) take
 * the command's time, latency 0 and resp_status 1 (none).
 */
import {
  emptyParserStats,
  type MessageSide,
  type ParserOptions,
  type ProtocolConnection,
  type ProtocolRecord,
} from '../common/types.js';
import { responseShape } from './commands.js';
import { requestRules, responseRules } from './framing-rules.js';
import { PacketFramer, type MysqlPacket } from './packet-framer.js';
import { RESP_STATUS, type RespStatus } from './packets.js';
import { requestBody } from './requests.js';
import { createDecoder, type ResponseDecoder, type ResponseOutcome } from './response-decoders.js';
import { Session } from './session.js';
import { truncateText } from '../common/sql-text.js';

/** Answers only need their first bytes (status, counts, error text); rows stream past. */
const RESPONSE_KEEP_BYTES = 64 * 1024;
const MAX_PENDING_COMMANDS = 1024;
const MAX_PENDING_PACKETS = 4096;

interface Command {
  readonly packet: MysqlPacket;
  readonly code: number;
}

interface Exchange {
  readonly command: Command;
  readonly body: string;
  readonly decoder: ResponseDecoder;
  nextSeq: number;
  lastTimeNs: bigint;
  /** Part of the answer was lost in a gap: the row is not trustworthy. */
  damaged: boolean;
}

export class MysqlConnection implements ProtocolConnection {
  readonly stats = emptyParserStats();
  private readonly requests: PacketFramer;
  private readonly responses: PacketFramer;
  private readonly commands: Command[] = [];
  /** Payload bytes the waiting commands hold; bounded by maxBufferBytes, like the answers'. */
  private commandBytes = 0;
  private readonly answers: MysqlPacket[] = [];
  private answerBytes = 0;
  private current: Exchange | undefined;
  private afterResponseGap = false;
  private commandSeen = false;
  private readonly session: Session;
  private records: ProtocolRecord[] = [];

  constructor(private readonly options: ParserOptions) {
    this.session = new Session(options.maxBodyBytes);
    this.requests = new PacketFramer(requestRules, options.maxBufferBytes, this.stats, {
      onPacket: (p) => {
        this.onRequest(p);
      },
      onDiscard: () => undefined, // a lost command's answer is dropped by its time
    });
    const keep = Math.min(options.maxBufferBytes, RESPONSE_KEEP_BYTES);
    this.responses = new PacketFramer(responseRules, keep, this.stats, {
      onPacket: (p) => {
        this.onAnswer(p);
      },
      onDiscard: () => {
        this.answersLost();
      },
    });
  }

  onData(side: MessageSide, data: Uint8Array, timeNs: bigint): void {
    if (this.session.encrypted) return;
    if (side === 'request') this.requests.push(data, timeNs);
    else this.responses.push(data, timeNs);
    this.pump();
  }

  onGap(side: MessageSide, length: number): void {
    if (side === 'request') {
      this.requests.gap(length);
      return;
    }
    if (this.responses.gap(length)) this.answersLost();
  }

  /** Answer bytes were lost (a gap, or bytes skipped while seeking). */
  private answersLost(): void {
    if (this.current) this.current.damaged = true;
    this.afterResponseGap = true;
  }

  onClose(): void {
    this.pump();
    if (this.current) {
      const ended = this.current.decoder.canEnd;
      this.finish(ended ? this.current.decoder.outcome() : undefined);
    }
    this.stats.unmatched += this.commands.length;
    this.commands.length = 0;
    this.commandBytes = 0;
    this.answers.length = 0;
    this.answerBytes = 0;
  }

  drain(out: ProtocolRecord[]): void {
    for (const record of this.records) out.push(record);
    this.records = [];
  }

  private onRequest(packet: MysqlPacket): void {
    if (packet.seq !== 0) {
      // Before any command, sequence 1 is the HandshakeResponse (or SSLRequest).
      if (packet.seq === 1 && !this.commandSeen) this.session.onClientPacket(packet.payload);
      return;
    }
    this.commandSeen = true;
    this.commands.push({ packet, code: packet.payload[0] ?? 0 });
    this.commandBytes += packet.payload.length;
    // Unanswered commands (a server that never replies) must not pile up: the oldest go.
    while (
      this.commands.length > MAX_PENDING_COMMANDS ||
      this.commandBytes > this.options.maxBufferBytes
    ) {
      this.takeCommand();
      this.stats.unmatched++;
    }
  }

  private takeCommand(): void {
    const command = this.commands.shift();
    this.commandBytes -= command?.packet.payload.length ?? 0;
  }

  private onAnswer(packet: MysqlPacket): void {
    this.answers.push(packet);
    this.answerBytes += packet.payload.length;
    while (
      this.answers.length > MAX_PENDING_PACKETS ||
      this.answerBytes > this.options.maxBufferBytes
    ) {
      const dropped = this.answers.shift();
      this.answerBytes -= dropped?.payload.length ?? 0;
      this.stats.overflowBytes += dropped?.length ?? 0;
    }
  }

  /** Pairs what can be paired; stops when an answer waits for its command. */
  private pump(): void {
    for (;;) {
      if (!this.current && this.finishUnanswered()) continue;
      const packet = this.answers[0];
      if (!packet) return;
      if (this.current) {
        this.continueExchange(this.current, packet);
        continue;
      }
      if (packet.seq === 0 || !this.startsAnswer(packet)) {
        if (packet.seq === 0) this.session.onGreeting(packet.payload);
        this.takeAnswer();
        continue;
      }
      if (!this.startExchange(packet)) return;
    }
  }

  /** A command that gets no answer is done once it reaches the head of the queue. */
  private finishUnanswered(): boolean {
    const head = this.commands[0];
    if (!head || responseShape(head.code) !== 'none') return false;
    this.takeCommand();
    this.session.applyUnanswered(head.packet.payload);
    const body = requestBody(head.packet.payload, false, this.options.maxBodyBytes);
    this.emit(head, body, RESP_STATUS.none, '', head.packet.timeNs);
    return true;
  }

  /** Sequence 1 (or the one after a multi-packet command) opens an answer. */
  private startsAnswer(packet: MysqlPacket): boolean {
    const head = this.commands[0];
    return (
      packet.seq === 1 || (head !== undefined && packet.seq === ((head.packet.lastSeq + 1) & 0xff))
    );
  }

  private takeAnswer(): void {
    const packet = this.answers.shift();
    this.answerBytes -= packet?.payload.length ?? 0;
  }

  /** Opens the exchange for the answer starting at `packet`; false to wait for its command. */
  private startExchange(packet: MysqlPacket): boolean {
    if (this.afterResponseGap) {
      // Answers were lost: without pipelining, only the last command sent before this answer
      // can own it; earlier ones lost theirs.
      while ((this.commands[1]?.packet.timeNs ?? packet.timeNs + 1n) <= packet.timeNs) {
        this.takeCommand();
        this.stats.unmatched++;
      }
    }
    const command = this.commands[0];
    if (!command) return false;
    this.afterResponseGap = false;
    if (command.packet.timeNs > packet.timeNs) {
      // Sent before the oldest waiting command: the answer to something never seen.
      this.takeAnswer();
      this.stats.unmatched++;
      return true;
    }
    const shape = responseShape(command.code);
    if (shape === 'none') return true; // finishUnanswered takes it on the next turn
    this.takeCommand();
    const { payload } = command.packet;
    this.current = {
      command,
      body: this.session.commandBody(payload),
      decoder: createDecoder(shape, this.session, (id, numParams) => {
        this.session.onPrepared(payload, id, numParams);
      }),
      nextSeq: (command.packet.lastSeq + 1) & 0xff,
      lastTimeNs: packet.timeNs,
      damaged: false,
    };
    return true;
  }

  private continueExchange(exchange: Exchange, packet: MysqlPacket): void {
    const inSequence =
      packet.seq === exchange.nextSeq || (exchange.decoder.acceptsSeqJump && packet.seq !== 1);
    if (!inSequence) {
      // The answer stopped early (or its end could not be seen): a new answer starts here.
      this.finish(exchange.decoder.canEnd ? exchange.decoder.outcome() : undefined);
      return;
    }
    this.takeAnswer();
    exchange.nextSeq = (packet.lastSeq + 1) & 0xff;
    exchange.lastTimeNs = packet.timeNs;
    const result = exchange.decoder.feed(packet);
    if (result === 'done') this.finish(exchange.decoder.outcome());
    if (result === 'bad') {
      this.stats.invalidFrames++;
      this.finish(undefined);
      this.responses.resync();
    }
  }

  /** Ends the current exchange; an undefined outcome means the answer was cut short. */
  private finish(outcome: ResponseOutcome | undefined): void {
    const exchange = this.current;
    this.current = undefined;
    if (!exchange) return;
    if (exchange.damaged) {
      this.stats.unmatched++;
      return;
    }
    const { status, body } = outcome ?? { status: RESP_STATUS.unknown, body: '' };
    this.session.onAnswered(exchange.command.code, status);
    this.emit(exchange.command, exchange.body, status, body, exchange.lastTimeNs);
  }

  private emit(
    command: Command,
    reqBody: string,
    status: RespStatus,
    respBody: string,
    timeNs: bigint,
  ): void {
    const requestTime = command.packet.timeNs;
    const latency = timeNs > requestTime ? Number(timeNs - requestTime) : 0;
    this.records.push({
      table: 'mysql_events',
      timeNs,
      values: {
        req_cmd: command.code,
        req_body: reqBody,
        resp_status: status,
        resp_body: truncateText(respBody, this.options.maxBodyBytes),
        latency,
      },
    });
  }
}
