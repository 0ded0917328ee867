/**
 * What one connection's commands depend on: the capability flags (negotiated in the handshake
 * when it was seen, otherwise learned from the traffic: a COM_QUERY shows whether query
 * attributes are on, a result set whether EOF packets were deprecated) and the prepared
 * statements. It also renders each command's req_body, since that needs both.
 */
import { CAP, clientHello, greetingCapabilities } from './capabilities.js';
import { COM } from './commands.js';
import { RESP_STATUS, type RespStatus } from './packets.js';
import { executeBody, hasAttributePrefix, recordLongData, requestBody } from './requests.js';
import type { DecoderContext } from './response-decoders.js';
import { StatementRegistry } from './statements.js';
import { WireReader } from './wire-reader.js';

export class Session implements DecoderContext {
  private serverCapabilities: number | undefined;
  private negotiated: number | undefined;
  private learnedDeprecateEof: boolean | undefined;
  private learnedAttributes: boolean | undefined;
  private readonly statements = new StatementRegistry();
  /** The client asked for TLS; the rest of the connection is opaque. */
  encrypted = false;

  constructor(private readonly maxBodyBytes: number) {}

  /** A sequence-0 server packet: the greeting, when it is one. */
  onGreeting(payload: Uint8Array): void {
    this.serverCapabilities = greetingCapabilities(payload) ?? this.serverCapabilities;
  }

  /** The client's first packet: the HandshakeResponse or SSLRequest. */
  onClientPacket(payload: Uint8Array): void {
    if (this.negotiated !== undefined) return;
    const hello = clientHello(payload);
    if (!hello) return;
    this.negotiated = hello.capabilities & (this.serverCapabilities ?? 0xffffffff);
    this.encrypted = hello.startsTls;
  }

  private has(flag: number): boolean | undefined {
    return this.negotiated === undefined ? undefined : (this.negotiated & flag) !== 0;
  }

  get deprecateEof(): boolean | undefined {
    return this.has(CAP.deprecateEof) ?? this.learnedDeprecateEof;
  }

  set deprecateEof(value: boolean | undefined) {
    if (this.negotiated === undefined) this.learnedDeprecateEof = value;
  }

  get optionalMetadata(): boolean {
    return this.has(CAP.optionalMetadata) ?? false;
  }

  /** CLIENT_QUERY_ATTRIBUTES, or undefined while unknown. */
  private get queryAttributes(): boolean | undefined {
    return this.has(CAP.queryAttributes) ?? this.learnedAttributes;
  }

  /** req_body of a command, rendered when its answer starts (prepared statements are known). */
  commandBody(payload: Uint8Array): string {
    const command = payload[0];
    if (command === COM.stmtExecute) {
      return executeBody(payload, this.statements, this.queryAttributes, this.maxBodyBytes);
    }
    // Every COM_QUERY carries the attribute block when the flag is on, so one query tells.
    if (command === COM.query) this.learnedAttributes ??= hasAttributePrefix(payload);
    return requestBody(payload, this.queryAttributes, this.maxBodyBytes);
  }

  /** A command that gets no answer (close, send-long-data) takes effect. */
  applyUnanswered(payload: Uint8Array): void {
    if (payload[0] === COM.stmtClose) {
      this.statements.close(new WireReader(payload, 1).uint(4) ?? -1);
    } else if (payload[0] === COM.stmtSendLongData) {
      recordLongData(payload, this.statements, this.maxBodyBytes);
    }
  }

  /** A PREPARE succeeded: remember its text (as much as a row can show) for its executes. */
  onPrepared(prepare: Uint8Array, id: number, numParams: number): void {
    this.statements.add(id, requestBody(prepare, false, this.maxBodyBytes), numParams);
  }

  onAnswered(command: number, status: RespStatus): void {
    const resets = command === COM.resetConnection || command === COM.changeUser;
    if (resets && status === RESP_STATUS.ok) this.statements.clear();
  }
}
